import DVReport
import FoundationEssentials

/// `dvtool cert check`: certificate, key and chain files checked against the troubleshooting list.
public struct CertificateFileCheck: Sendable {
    public var certificatePath: String
    public var keyPath: String?
    public var chainPath: String?
    /// Names to cover, as A-labels.
    public var domains: [String] = []
    /// U-label forms for display, keyed by A-label.
    public var displayNames: [String: String] = [:]
    public var serverUser: String?
    /// Check against this target's upload checklist instead of the general list.
    public var target: UploadTarget?
    public var now = Date()

    public init(certificatePath: String) {
        self.certificatePath = certificatePath
    }

    /// Runs every file check. Throws (bad input) for missing/unreadable files, non-PKI content, a key given as
    /// the certificate (or the reverse), wrong passwords and an unknown `serverUser`. `password` opens PKCS#12 files
    /// and encrypted keys.
    public func run(trust: TrustStore?, password: String? = nil) throws(PKIFileError) -> Report {
        let certificateFile = try PKIFile.read(path: certificatePath, password: password)
        if certificateFile.certificates.isEmpty {
            if !certificateFile.privateKeys.isEmpty || certificateFile.encryptedKeyLocked {
                throw PKIFileError(.notPKI, "\(certificatePath) holds a private key, not a certificate: pass it with --key and the certificate with --cert")
            }
            if certificateFile.otherBlocks.contains("CERTIFICATE REQUEST") || certificateFile.otherBlocks.contains("NEW CERTIFICATE REQUEST") {
                throw PKIFileError(.notPKI, "\(certificatePath) is a certificate signing request (CSR), not a certificate: the CA issues the certificate from it")
            }
            let found = certificateFile.otherBlocks.isEmpty ? "" : " (found: \(certificateFile.otherBlocks.joined(separator: ", ")))"
            throw PKIFileError(.notPKI, "\(certificatePath) contains no certificate\(found)")
        }
        var certificates = certificateFile.certificates
        var chainFile: PKIFile?
        if let chainPath {
            let file = try PKIFile.read(path: chainPath, password: password)
            if file.certificates.isEmpty {
                throw PKIFileError(.notPKI, file.privateKeys.isEmpty && !file.encryptedKeyLocked
                    ? "\(chainPath) contains no certificate"
                    : "\(chainPath) holds a private key, not a chain: pass it with --key")
            }
            certificates += file.certificates
            chainFile = file
        }

        // The key: --key, else one inside the certificate file (PKCS#12, or a combined PEM).
        var keyFile: PKIFile?
        if let keyPath {
            let file = try PKIFile.read(path: keyPath, password: password)
            if file.privateKeys.isEmpty && !file.encryptedKeyLocked {
                if !file.certificates.isEmpty {
                    throw PKIFileError(.notPKI, "\(keyPath) holds a certificate, not a private key: pass it with --cert and the key with --key")
                }
                throw PKIFileError(.notPKI, "\(keyPath) contains no private key" + (file.otherBlocks.isEmpty ? "" : " (found: \(file.otherBlocks.joined(separator: ", ")))"))
            }
            keyFile = file
        } else if !certificateFile.privateKeys.isEmpty || certificateFile.encryptedKeyLocked {
            keyFile = certificateFile
        }
        let key = keyFile?.privateKeys.first
        let leafIndex = CertificateAnalysis.leafIndex(certificates, keySPKI: key?.publicKey.spkiSHA256)
        let leaf = certificates[leafIndex]

        var items: [CheckItem] = []
        items.append(formatItem(certificateFile, chainFile: chainFile))
        if let keyFile { items.append(contentsOf: keyItems(keyFile, key: key, leaf: leaf, certificates: certificates)) }
        items += CertificateAnalysis.validity(certificates, leafIndex: leafIndex, now: now)
        items += CertificateAnalysis.coverage(leaf, domains: domains, displayNames: displayNames)
        items += CertificateAnalysis.chain(certificates, leafIndex: leafIndex, trust: trust, now: now, source: .files(certificatePath: certificatePath))
        items += CertificateAnalysis.strength(certificates, leafIndex: leafIndex)
        items += try permissionItems()

        var report = Report(certificateFile: certificatePath, format: certificateFile.format, certificates: certificates,
                            leafIndex: leafIndex, key: key, trustStore: trust?.name ?? "none", target: target, items: items)
        if let target {
            report.items = UploadChecklist.items(for: target, report: report, certificatePath: certificatePath, keyPath: keyPath)
        }
        return report
    }

    private func formatItem(_ file: PKIFile, chainFile: PKIFile?) -> CheckItem {
        let count = file.certificates.count
        let what = "\(count) certificate\(count == 1 ? "" : "s")"
        switch file.format {
        case .pem:
            if file.otherBlocks.isEmpty {
                return CheckItem(id: "format", title: "Format", verdict: .ok, detail: "X.509 PEM, \(what)")
            }
            return CheckItem(id: "format", title: "Format", verdict: .warning,
                             detail: "X.509 PEM, \(what), plus \(file.otherBlocks.joined(separator: ", ")) blocks",
                             fix: "Keep only CERTIFICATE blocks in the certificate file.")
        case .der:
            return CheckItem(id: "format", title: "Format", verdict: .warning,
                             detail: "DER (binary) certificate: nginx and Apache want PEM",
                             fix: "Convert: \(Self.convertCommand(file.path))")
        case .pkcs7:
            return CheckItem(id: "format", title: "Format", verdict: .warning,
                             detail: "PKCS#7 bundle with \(what) (no key): nginx and Apache want PEM",
                             fix: "Convert: \(Self.convertCommand(file.path))")
        case .pkcs12, .jks, .jceks:
            return CheckItem(id: "format", title: "Format", verdict: .info,
                             detail: "\(file.format.rawValue) keystore with \(what) and \(file.privateKeys.isEmpty ? "no key" : "a private key") (IIS/Windows, Java); nginx and Apache want PEM",
                             fix: "For nginx/Apache: \(Self.convertCommand(file.path))")
        }
    }

    /// `dvtool cert convert FILE --out DIR`, the fix for every file in the wrong format.
    static func convertCommand(_ path: String, password: Bool = false) -> String {
        "dvtool cert convert \(path) --out DIR" + (password ? " --password-file FILE" : "")
    }

    private func keyItems(_ file: PKIFile, key: PrivateKeyInfo?, leaf: Certificate, certificates: [Certificate]) -> [CheckItem] {
        var items: [CheckItem] = []
        let path = file.path
        let removeFix = "Remove the passphrase: \(Self.convertCommand(path, password: true)) writes DIR/key.pem unencrypted (mode 600); or openssl pkey -in \(path) -out key-nopass.pem."
        if file.encryptedKeyLocked && key == nil {
            items.append(CheckItem(id: "key-encrypted", title: "Private key", verdict: .problem,
                                   detail: "the private key in \(path) is encrypted with a passphrase: web servers cannot load it unattended and upload forms reject it",
                                   fix: removeFix + " Or give the passphrase with --password-file FILE to check it."))
            items.append(CheckItem(id: "key-match", title: "Key matches certificate", verdict: .couldNotCheck,
                                   detail: "the key is encrypted; give its password (--password-file FILE, --password-env NAME or at the prompt) to compare it"))
            return items
        }
        guard let key else { return items }
        if key.wasEncrypted && ![.pkcs12, .jks, .jceks].contains(file.format) {
            items.append(CheckItem(id: "key-encrypted", title: "Private key", verdict: .warning,
                                   detail: "\(key.publicKey.description) key, encrypted with a passphrase (opened with --password): the server will ask for it at every start",
                                   fix: removeFix))
        } else {
            items.append(CheckItem(id: "key-format", title: "Private key", verdict: .ok,
                                   detail: "\(key.publicKey.description) key (\(key.encoding)), not encrypted"))
        }
        if key.publicKey.spkiSHA256 == leaf.publicKey.spkiSHA256 {
            items.append(CheckItem(id: "key-match", title: "Key matches certificate", verdict: .ok,
                                   detail: "same public key (\(leaf.publicKey.description), SHA-256 \(key.publicKey.spkiSHA256.prefix(16))…)"))
        } else {
            items.append(CheckItem(id: "key-match", title: "Key matches certificate", verdict: .problem,
                                   detail: "the private key (\(key.publicKey.description), SHA-256 \(key.publicKey.spkiSHA256.prefix(16))…) does not belong to the certificate \(CertificateAnalysis.name(leaf)) (\(leaf.publicKey.description), SHA-256 \(leaf.publicKey.spkiSHA256.prefix(16))…)",
                                   fix: "Use the key generated together with this certificate's CSR; if it is lost, make a new key and CSR and reissue."))
        }
        return items
    }

    private func permissionItems() throws(PKIFileError) -> [CheckItem] {
        var items: [CheckItem] = []
        let user: FileAccess.User?
        if let serverUser {
            guard let found = FileAccess.User.named(serverUser) else {
                throw PKIFileError(.notFound, "--server-user \(serverUser): no such local user")
            }
            user = found
        } else {
            user = nil
        }
        if let keyPath, let access = FileAccess.inspect(keyPath) {
            let permissions: (verdict: Verdict, detail: String, fix: String?) =
                if access.worldReadable {
                    (.problem, "\(keyPath) is mode \(access.modeText): readable by every local user (\(access.readers))",
                     "chmod 600 \(keyPath) (or chmod 640 with group ssl-cert for a server that reads it as that group).")
                } else if access.groupReadable && !["root", "ssl-cert", "wheel"].contains(access.group) {
                    (.warning, "\(keyPath) is mode \(access.modeText): group \(access.group) can read the private key (\(access.readers))",
                     "chmod 600 \(keyPath), or chgrp ssl-cert \(keyPath) if the web server reads it through that group.")
                } else {
                    (.ok, "\(keyPath) is mode \(access.modeText) (\(access.readers))", nil)
                }
            items.append(CheckItem(id: "key-permissions", title: "Key file permissions", verdict: permissions.verdict,
                                   detail: permissions.detail, fix: permissions.fix))
        }
        if let user {
            let files = [certificatePath] + [chainPath, keyPath].compactMap { $0 }
            let blocked = files.compactMap { FileAccess.obstacle(for: user, reading: $0) }
            if blocked.isEmpty {
                items.append(CheckItem(id: "server-access", title: "Readable by \(user.name)", verdict: .ok,
                                       detail: "\(user.name) can read " + files.joined(separator: ", ")))
            } else {
                items.append(CheckItem(id: "server-access", title: "Readable by \(user.name)", verdict: .problem,
                                       detail: blocked.joined(separator: "; "),
                                       fix: "Let \(user.name) read the files: e.g. chgrp \(user.name) FILE && chmod 640 FILE (key) / chmod 644 (certificate), and chmod o+x on each directory on the way. nginx's master reads them as root, so this matters for servers that read them after dropping privileges."))
            }
        }
        return items
    }
}
