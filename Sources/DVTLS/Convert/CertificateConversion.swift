import DVBasics
import FoundationEssentials
import Glibc

/// `dvtool cert convert FILE… --out DIR`: whatever holds the certificate and key (PKCS#12/PFX, JKS/JCEKS,
/// PKCS#7, DER, PEM, PKCS#8) into the PEM files servers and upload forms take: cert.pem (the leaf), chain.pem
/// (the intermediates, leaf to root, root left out), fullchain.pem (both), key.pem (unencrypted, mode 600).
/// The key is matched to its certificate by public key; anything ambiguous is refused rather than guessed.
public struct CertificateConversion: Sendable {
    public var inputPaths: [String]
    /// Picks one entry of a keystore with several.
    public var alias: String?
    public var outputDirectory: String
    /// Replace files that already exist in the output directory.
    public var overwrite = false

    public init(inputPaths: [String], outputDirectory: String) {
        self.inputPaths = inputPaths
        self.outputDirectory = outputDirectory
    }

    /// Reads, chooses and writes. `trust` tells a complete chain (its top issued by a trusted root) from one that
    /// lacks an intermediate. `password` opens PKCS#12 files, keystores and encrypted keys (one password for all).
    public func run(trust: TrustStore?, password: String? = nil) throws(PKIFileError) -> Report {
        var files: [PKIFile] = []
        for path in inputPaths {
            let file = try PKIFile.read(path: path, password: password)
            if file.encryptedKeyLocked {
                throw PKIFileError(.passwordRequired, "\(path) holds an encrypted private key: give its password (--password-file FILE, --password-env NAME, or at the prompt)")
            }
            if file.certificates.isEmpty && file.keys.isEmpty {
                throw PKIFileError(.notPKI, "\(path) holds no certificate and no private key" + (file.otherBlocks.isEmpty ? "" : " (found: \(file.otherBlocks.joined(separator: ", ")))"))
            }
            files.append(file)
        }
        var pool = PKIFile(path: inputPaths.joined(separator: ", "), format: .pem)
        for file in files {
            file.certificates.forEach { pool.add($0, alias: file.aliases[$0.sha256Fingerprint]) }
            for key in file.keys where !pool.keys.contains(where: { $0.info.publicKey.spkiSHA256 == key.info.publicKey.spkiSHA256 }) {
                pool.keys.append(key)
            }
        }
        let (leaf, key) = try select(pool)
        var report = Report(inputs: files.map { Input(path: $0.path, format: $0.format, certificates: $0.certificates.count, privateKeys: $0.keys.count,
                                                      aliases: Array(Set($0.aliases.values).union($0.keys.compactMap(\.alias))).sorted()) },
                            leaf: leaf, leafAlias: leaf.flatMap { pool.aliases[$0.sha256Fingerprint] },
                            key: key.map { KeySummary(publicKey: $0.info.publicKey, alias: $0.alias, encoding: $0.info.encoding, wasEncrypted: $0.info.wasEncrypted) },
                            intermediates: [], droppedRoot: nil, unrelated: [], chainComplete: true, missingIssuer: nil, bundleCommand: nil,
                            outputDirectory: outputDirectory, files: [], warnings: [])
        var entries: [FileSet.Entry] = []
        func output(_ name: String, _ role: String, _ certificates: [Certificate], mode: mode_t = 0o644, bytes: [UInt8]? = nil) {
            let path = outputDirectory + "/" + name
            entries.append(FileSet.Entry(path: path, bytes: bytes ?? Array(certificates.map(\.pem).joined().utf8), mode: mode))
            report.files.append(OutputFile(path: path, role: role, certificates: certificates.count, mode: String(mode, radix: 8)))
        }
        if let leaf {
            let path = ChainPath(leaf: leaf, among: pool.certificates)
            report.intermediates = path.intermediates
            report.droppedRoot = path.reachesRoot ? path.top : nil
            report.unrelated = pool.certificates.indices.filter { !path.usedIndices.contains($0) }.map { pool.certificates[$0] }
            if !path.top.isSelfSigned && trust?.issuer(of: path.top) == nil {
                report.chainComplete = false
                report.missingIssuer = path.top.issuer
                report.bundleCommand = "dvtool cert bundle --cert \(outputDirectory)/fullchain.pem --out \(outputDirectory)/fullchain.pem --force"
            }
            output("cert.pem", "cert", [leaf])
            output("chain.pem", "chain", report.intermediates)
            output("fullchain.pem", "fullchain", [leaf] + report.intermediates)
        }
        if let key { output("key.pem", "key", [], mode: 0o600, bytes: Array(key.unencryptedPEM.utf8)) }
        report.warnings = try prepareDirectory()
        try FileSet.write(entries, overwrite: overwrite)
        return report
    }

    /// The leaf and its key: one key and the one certificate with its public key, or without a key the one
    /// certificate no other was issued from that is not a CA. Everything else is refused with what was found.
    private func select(_ pool: PKIFile) throws(PKIFileError) -> (Certificate?, PrivateKeyMaterial?) {
        var keys = pool.keys, certificates = pool.certificates
        if let alias {
            keys = keys.filter { $0.alias == alias }
            let named = certificates.filter { pool.aliases[$0.sha256Fingerprint] == alias }
            guard !keys.isEmpty || !named.isEmpty else {
                let known = Set(pool.aliases.values).union(pool.keys.compactMap(\.alias)).sorted()
                throw PKIFileError(.notFound, "no entry has the alias '\(alias)'" + (known.isEmpty ? ": the inputs have no aliases" : " (aliases: \(known.joined(separator: ", ")))"))
            }
            if keys.isEmpty { certificates = named }
        }
        guard keys.count <= 1 else {
            let names = keys.map { $0.alias.map { "'\($0)'" } ?? $0.info.publicKey.description }.sorted()
            throw PKIFileError(.ambiguous, "\(keys.count) private keys found (\(names.joined(separator: ", "))): convert one at a time with --alias NAME")
        }
        if let key = keys.first {
            guard !certificates.isEmpty else { return (nil, key) }
            let matching = certificates.filter { $0.publicKey.spkiSHA256 == key.info.publicKey.spkiSHA256 }
            guard matching.count == 1 else {
                if matching.isEmpty {
                    throw PKIFileError(.keyMismatch, "the private key (\(key)) belongs to none of the \(certificates.count) certificates (\(certificates.map(CertificateAnalysis.name).joined(separator: ", "))): it was made for another certificate; give the key generated with this certificate's CSR")
                }
                throw PKIFileError(.ambiguous, "the private key belongs to \(matching.count) certificates (\(matching.map { "\(CertificateAnalysis.name($0)) until \(CertificateAnalysis.short($0.notAfter))" }.joined(separator: ", "))): give only the one to install")
            }
            return (matching[0], key)
        }
        let leaves = certificates.filter { candidate in
            !candidate.isCA && !certificates.contains { $0.der != candidate.der && $0.isIssued(by: candidate) }
        }
        if leaves.count == 1 { return (leaves[0], nil) }
        if leaves.isEmpty {
            if certificates.count == 1 { return (certificates[0], nil) }
            throw PKIFileError(.ambiguous, "no leaf certificate: all \(certificates.count) certificates are CA certificates (\(certificates.map(CertificateAnalysis.name).joined(separator: ", ")))")
        }
        throw PKIFileError(.ambiguous, "\(leaves.count) leaf certificates (\(leaves.map(CertificateAnalysis.name).joined(separator: ", "))) and no private key to tell which: give the key too, or one certificate, or --alias NAME")
    }

    /// Creates the output directory (mode 700) when missing; warns when others can list it.
    private func prepareDirectory() throws(PKIFileError) -> [String] {
        var status = stat()
        if stat(outputDirectory, &status) != 0 {
            guard mkdir(outputDirectory, 0o700) == 0 else {
                throw PKIFileError(.writeFailed, "cannot create the directory \(outputDirectory): \(errnoText(errno))")
            }
            return []
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw PKIFileError(.writeFailed, "--out \(outputDirectory) is not a directory") }
        if status.st_mode & S_IROTH != 0 {
            return ["\(outputDirectory) is readable by every local user (mode \(String(status.st_mode & 0o777, radix: 8))): key.pem itself is mode 600, but others see the file names; chmod 700 \(outputDirectory) or choose a private directory"]
        }
        return []
    }
}

extension Certificate {
    /// The certificate as a PEM block (64-character lines), ending with a newline.
    public var pem: String {
        "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END CERTIFICATE-----\n"
    }
}
