import FoundationEssentials
import Glibc
import DVBasics

/// What a certificate/key/bundle file turned out to be.
public enum PKIFileFormat: String, Sendable, Codable {
    case pem = "PEM", der = "DER", pkcs12 = "PKCS#12", pkcs7 = "PKCS#7", jks = "JKS", jceks = "JCEKS"
}

/// Failures reading a certificate or key file: each with one line that says what to do.
public typealias PKIFileError = KindedError<PKIFileErrorKind>

/// The kinds of `PKIFileError`.
public enum PKIFileErrorKind: String, Sendable, Codable {
    case notFound = "not-found", unreadable, empty, notPKI = "not-pki", unsupported, wrongPassword = "wrong-password",
         passwordRequired = "password-required", malformed, ambiguous, keyMismatch = "key-mismatch", exists, writeFailed = "write-failed"
}

/// The contents of one file: certificates in file order, private keys, and blocks we recognised but skip.
public struct PKIFile: Sendable {
    public var path: String
    public var format: PKIFileFormat
    public var certificates: [Certificate] = []
    /// The private keys opened (with their aliases); the key material stays inside DVTLS.
    public var keys: [PrivateKeyMaterial] = []
    /// Keystore aliases (JKS aliases, PKCS#12 friendlyNames) by certificate SHA-256 fingerprint.
    public var aliases: [String: String] = [:]
    /// A private key block that is encrypted and no (or no working) password was given.
    public var encryptedKeyLocked = false
    /// Labels of PEM blocks that are neither certificates nor private keys (e.g. "CERTIFICATE REQUEST").
    public var otherBlocks: [String] = []

    public var privateKeys: [PrivateKeyInfo] { keys.map(\.info) }

    init(path: String, format: PKIFileFormat) {
        self.path = path
        self.format = format
    }

    /// Adds a DER certificate once (keystores repeat a CA in every chain that uses it).
    mutating func add(_ der: [UInt8], alias: String?) throws(PKIFileError) {
        let certificate: Certificate
        do { certificate = try X509Reader.certificate(der: der) } catch {
            throw PKIFileError(.malformed, "\(path): certificate #\(certificates.count + 1)\(alias.map { " (alias \($0))" } ?? "") is damaged: \(error.description)")
        }
        add(certificate, alias: alias)
    }

    mutating func add(_ certificate: Certificate, alias: String?) {
        if !certificates.contains(where: { $0.der == certificate.der }) { certificates.append(certificate) }
        if let alias, aliases[certificate.sha256Fingerprint] == nil { aliases[certificate.sha256Fingerprint] = alias }
    }

    /// Reads a PEM, DER, PKCS#7, PKCS#12 or Java keystore file. `password` opens PKCS#12 files, keystores and
    /// encrypted private keys.
    public static func read(path: String, password: String? = nil) throws(PKIFileError) -> PKIFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PKIFileError(.notFound, "\(path): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var status = stat()
            if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { throw PKIFileError(.unreadable, "\(path) is a directory, not a file") }
            throw PKIFileError(.unreadable, "\(path): cannot read the file (permission denied?)")
        }
        return try parse(bytes: [UInt8](data), path: path, password: password)
    }

    /// Parses file contents; `path` only names the file in messages.
    public static func parse(bytes: [UInt8], path: String, password: String? = nil) throws(PKIFileError) -> PKIFile {
        guard !bytes.isEmpty else { throw PKIFileError(.empty, "\(path) is empty") }
        if let kind = JavaKeyStore.kind(of: bytes) {
            return try JavaKeyStore.read(bytes, kind: kind, password: password, path: path)
        }
        let text = String(decoding: bytes.prefix(4 << 20), as: UTF8.self)
        if text.contains("-----BEGIN ") {
            return try parsePEM(text: text, path: path, password: password)
        }
        return try parseBinary(bytes: bytes, path: path, password: password)
    }

    private static func parsePEM(text: String, path: String, password: String?) throws(PKIFileError) -> PKIFile {
        var file = PKIFile(path: path, format: .pem)
        for block in PEMBlock.all(in: text) {
            switch block.label {
            case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
                guard let der = block.der else {
                    throw PKIFileError(.malformed, "\(path): a CERTIFICATE block is not valid base64")
                }
                do {
                    file.add(try X509Reader.certificate(der: der, trusted: block.label == "TRUSTED CERTIFICATE"), alias: nil)
                } catch {
                    // Some tools (Windows' base64 export) wrap a PKCS#7 bundle in CERTIFICATE lines.
                    guard let bundle = X509Reader.pkcs7Certificates(der) else {
                        throw PKIFileError(.malformed, "\(path): certificate #\(file.certificates.count + 1) is damaged: \(error.description)")
                    }
                    bundle.forEach { file.add($0, alias: nil) }
                }
            case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY":
                let encrypted = block.label == "ENCRYPTED PRIVATE KEY" || block.text.contains("Proc-Type: 4,ENCRYPTED")
                if encrypted && (password ?? "").isEmpty {
                    file.encryptedKeyLocked = true
                    continue
                }
                file.keys.append(try X509Reader.privateKey(pem: block.text, label: block.label, encrypted: encrypted,
                                                           password: password, path: path))
            case "PKCS7":
                guard let der = block.der, let bundle = X509Reader.pkcs7Certificates(der) else {
                    throw PKIFileError(.malformed, "\(path): the PKCS7 block is damaged")
                }
                file.format = .pkcs7
                bundle.forEach { file.add($0, alias: nil) }
            case "OPENSSH PRIVATE KEY":
                throw PKIFileError(.unsupported, "\(path) is an OpenSSH key, not a TLS private key")
            default:
                file.otherBlocks.append(block.label)
            }
        }
        return file
    }

    private static func parseBinary(bytes: [UInt8], path: String, password: String?) throws(PKIFileError) -> PKIFile {
        if let certificate = try? X509Reader.certificate(der: bytes) {
            var file = PKIFile(path: path, format: .der)
            file.add(certificate, alias: nil)
            return file
        }
        if PKCS12Reader.looksLikePKCS12(bytes) {
            let contents = try PKCS12Reader.read(bytes, password: password, path: path)
            var file = PKIFile(path: path, format: .pkcs12)
            file.keys = contents.keys
            // Each key's certificate first, then its issuers: the order PKCS12_parse gave, whatever the bag order.
            let leaves = contents.keys.compactMap { key in contents.certificates.first { $0.publicKey.spkiSHA256 == key.info.publicKey.spkiSHA256 } }
            for leaf in leaves { ChainPath(leaf: leaf, among: contents.certificates).certificates.forEach { file.add($0, alias: nil) } }
            contents.certificates.forEach { file.add($0, alias: nil) }
            file.aliases = contents.aliases
            return file
        }
        if let key = X509Reader.derPrivateKey(bytes) {
            var file = PKIFile(path: path, format: .der)
            file.keys = [key]
            return file
        }
        if X509Reader.looksLikeEncryptedPKCS8(bytes) {
            var file = PKIFile(path: path, format: .der)
            if let password, !password.isEmpty {
                file.keys = [try X509Reader.encryptedDERPrivateKey(bytes, password: password, path: path)]
            } else {
                file.encryptedKeyLocked = true
            }
            return file
        }
        if let bundle = X509Reader.pkcs7Certificates(bytes) {
            var file = PKIFile(path: path, format: .pkcs7)
            bundle.forEach { file.add($0, alias: nil) }
            return file
        }
        let printable = bytes.prefix(512).allSatisfy { $0 == 9 || $0 == 10 || $0 == 13 || (32..<127).contains($0) || $0 >= 0x80 }
        throw PKIFileError(.notPKI, printable
            ? "\(path) is not a certificate or key: no -----BEGIN ...----- PEM block found"
            : "\(path) is not a certificate or key: neither PEM, DER, PKCS#7, PKCS#12 nor a Java keystore")
    }
}

/// One -----BEGIN LABEL----- ... -----END LABEL----- block.
struct PEMBlock {
    var label: String
    /// The whole block, BEGIN and END lines included.
    var text: String
    var body: String

    var der: [UInt8]? {
        let lines = body.split(whereSeparator: \.isNewline).filter { !$0.contains(":") }
        return Data(base64Encoded: lines.joined(), options: .ignoreUnknownCharacters).map { [UInt8]($0) }
    }

    static func all(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var rest = text[...]
        while let begin = rest.firstRange(of: "-----BEGIN ") {
            guard let labelEnd = rest[begin.upperBound...].firstRange(of: "-----") else { break }
            let label = String(rest[begin.upperBound..<labelEnd.lowerBound])
            let endMarker = "-----END \(label)-----"
            guard let end = rest[labelEnd.upperBound...].firstRange(of: endMarker) else { break }
            let body = String(rest[labelEnd.upperBound..<end.lowerBound])
            blocks.append(PEMBlock(label: label, text: String(rest[begin.lowerBound..<end.upperBound]) + "\n", body: body))
            rest = rest[end.upperBound...]
        }
        return blocks
    }
}

/// A certificate, key or chain file the user named that cannot be used.
extension PKIFileErrorKind: FailureClassifying {
    public var failureKind: FailureKind { .badInput }
}
