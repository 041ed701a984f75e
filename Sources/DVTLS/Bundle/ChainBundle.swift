import DVBasics
import FoundationEssentials

/// `dvtool cert bundle`: the PEM to upload, leaf then intermediates in order, completed from the given files
/// and, unless offline, from the caIssuers URLs the certificates name (AIA), up to a root in the trust store.
/// The root and certificates that sign nothing on the path are dropped. Written only when the result verifies.
public struct ChainBundle: Sendable {
    public var certificatePath: String
    public var chainPaths: [String] = []
    /// Use only the given files: no downloads.
    public var offline = false
    public var download = IssuerDownload()
    /// Where to write; nil: the caller prints `Report.pem`.
    public var outputPath: String?
    public var overwrite = false
    public var now = Date()

    public init(certificatePath: String) {
        self.certificatePath = certificatePath
    }

    /// `password` opens PKCS#12 files and encrypted keys.
    public func run(trust: TrustStore?, password: String? = nil) throws(PKIFileError) -> Report {
        let file = try PKIFile.read(path: certificatePath, password: password)
        guard !file.certificates.isEmpty else {
            throw PKIFileError(.notPKI, "\(certificatePath) holds no certificate" + (file.keys.isEmpty ? "" : " (only a private key): give the certificate with --cert"))
        }
        var pool = file.certificates
        for path in chainPaths {
            let chain = try PKIFile.read(path: path, password: password)
            guard !chain.certificates.isEmpty else { throw PKIFileError(.notPKI, "--chain \(path) holds no certificate") }
            pool += chain.certificates.filter { candidate in !pool.contains { $0.der == candidate.der } }
        }
        let leafIndex = CertificateAnalysis.leafIndex(pool, keySPKI: file.keys.first?.info.publicKey.spkiSHA256)
        let leaf = pool[leafIndex]
        var path = [leaf], downloads: [Download] = [], root: Certificate?, complete = false
        var available = pool.enumerated().filter { $0.offset != leafIndex }.map(\.element)
        while path.count <= 10, let top = path.last {
            if top.isSelfSigned {
                complete = true
                if path.count > 1 { root = path.removeLast() }
                break
            }
            if let trusted = trust?.issuer(of: top) {
                complete = true
                root = trusted
                break
            }
            if let index = available.firstIndex(where: { top.isIssued(by: $0) }) {
                path.append(available.remove(at: index))
                continue
            }
            guard !offline, let issuer = fetchIssuer(of: top, downloads: &downloads, into: &available) else { break }
            path.append(issuer)
        }
        let given = pool.filter { certificate in !path.contains { $0.der == certificate.der } }
        let intermediates = Array(path.dropFirst())
        var verificationError: String?
        if complete, let trust {
            let result = trust.verify(leaf: leaf, intermediates: intermediates, at: now)
            if !result.ok { verificationError = result.error ?? "does not verify" }
        }
        var report = Report(leaf: leaf, intermediates: intermediates, root: root, dropped: given, downloads: downloads,
                            complete: complete, missingIssuer: complete ? nil : path.last?.issuer,
                            verificationError: verificationError, trustStore: trust?.name ?? "none", outputPath: nil,
                            pem: path.map(\.pem).joined())
        if report.ok, let outputPath {
            try FileSet.write([FileSet.Entry(path: outputPath, bytes: Array(report.pem.utf8), mode: 0o644)], overwrite: overwrite)
            report.outputPath = outputPath
        }
        return report
    }

    /// The first certificate downloaded from `certificate`'s caIssuers URLs that issued it; every other
    /// certificate a download brings (a PKCS#7 with the whole chain) joins `available`.
    private func fetchIssuer(of certificate: Certificate, downloads: inout [Download], into available: inout [Certificate]) -> Certificate? {
        for url in certificate.caIssuersURLs {
            var record = Download(url: url, forCertificate: certificate.displayName, outcome: "used", failed: false, networkFailure: false)
            defer { downloads.append(record) }
            let fetched: [Certificate]
            do {
                fetched = try PKIFile.parse(bytes: download.fetch(url), path: url).certificates
            } catch let error as IssuerDownloadError {
                (record.outcome, record.failed, record.networkFailure) = (error.description, true, error.kind == .network)
                continue
            } catch {
                (record.outcome, record.failed) = ("\(url) did not return a certificate (DER, PEM or PKCS#7): \(error)", true)
                continue
            }
            guard let issuer = fetched.first(where: { certificate.isIssued(by: $0) }) else {
                (record.outcome, record.failed) = ("the certificate there did not issue '\(certificate.displayName)'", true)
                continue
            }
            available += fetched.filter { $0.der != issuer.der }
            return issuer
        }
        return nil
    }
}
