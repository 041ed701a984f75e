import FoundationEssentials
import Glibc
import DVBasics

/// What a certificate/key/bundle file turned out to be.
public enum PKIFileFormat: String, Sendable, Codable {
    case pem = "PEM", der = "DER", pkcs12 = "PKCS#12"
}

/// Failures reading a certificate or key file: each with one line that says what to do.
public typealias PKIFileError = KindedError<PKIFileErrorKind>

/// The kinds of `PKIFileError`.
public enum PKIFileErrorKind: String, Sendable, Codable {
    case notFound = "not-found", unreadable, empty, notPKI = "not-pki", unsupported, wrongPassword = "wrong-password",
         passwordRequired = "password-required", malformed
}

/// The contents of one file: certificates in file order, private keys, and blocks we recognised but skip.
public struct PKIFile: Sendable {
    public var path: String
    public var format: PKIFileFormat
    public var certificates: [Certificate]
    public var privateKeys: [PrivateKeyInfo]
    /// A private key block that is encrypted and no (or no working) password was given.
    public var encryptedKeyLocked: Bool
    /// The key was "BEGIN RSA PRIVATE KEY" (traditional) rather than PKCS#8.
    public var traditionalKeyFormat: Bool
    /// Labels of PEM blocks that are neither certificates nor private keys (e.g. "CERTIFICATE REQUEST").
    public var otherBlocks: [String]

    /// Reads a PEM, DER or PKCS#12 file. `password` opens PKCS#12 files and encrypted private keys.
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
        if bytes.starts(with: [0xFE, 0xED, 0xFE, 0xED]) || bytes.starts(with: [0xCE, 0xCE, 0xCE, 0xCE]) {
            let kind = bytes[0] == 0xFE ? "Java KeyStore (JKS)" : "Java JCEKS keystore"
            throw PKIFileError(.unsupported, "\(path) is a \(kind), which OpenSSL cannot read: convert it with `keytool -importkeystore -srckeystore \(path) -destkeystore store.p12 -deststoretype PKCS12`, then pass store.p12 with --password")
        }
        let text = String(decoding: bytes.prefix(4 << 20), as: UTF8.self)
        if text.contains("-----BEGIN ") {
            return try parsePEM(text: text, path: path, password: password)
        }
        return try parseBinary(bytes: bytes, path: path, password: password)
    }

    private static func parsePEM(text: String, path: String, password: String?) throws(PKIFileError) -> PKIFile {
        var file = PKIFile(path: path, format: .pem, certificates: [], privateKeys: [], encryptedKeyLocked: false,
                           traditionalKeyFormat: false, otherBlocks: [])
        for block in PEMBlock.all(in: text) {
            switch block.label {
            case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
                guard let der = block.der else {
                    throw PKIFileError(.malformed, "\(path): a CERTIFICATE block is not valid base64")
                }
                do {
                    file.certificates.append(try X509Reader.certificate(der: der, trusted: block.label == "TRUSTED CERTIFICATE"))
                } catch {
                    throw PKIFileError(.malformed, "\(path): certificate #\(file.certificates.count + 1) is damaged: \(error.description)")
                }
            case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY":
                let encrypted = block.label == "ENCRYPTED PRIVATE KEY" || block.text.contains("Proc-Type: 4,ENCRYPTED")
                if block.label == "RSA PRIVATE KEY" { file.traditionalKeyFormat = true }
                if encrypted && (password ?? "").isEmpty {
                    file.encryptedKeyLocked = true
                    continue
                }
                file.privateKeys.append(try X509Reader.privateKey(pem: block.text, label: block.label, encrypted: encrypted,
                                                                  password: password, path: path))
            case "PKCS7":
                throw PKIFileError(.unsupported, "\(path) is a PKCS#7 bundle (.p7b): convert it with `openssl pkcs7 -print_certs -in \(path) -out bundle.pem`")
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
            return PKIFile(path: path, format: .der, certificates: [certificate], privateKeys: [],
                           encryptedKeyLocked: false, traditionalKeyFormat: false, otherBlocks: [])
        }
        if X509Reader.looksLikePKCS12(bytes) {
            let (certificates, key) = try X509Reader.pkcs12(bytes, password: password, path: path)
            return PKIFile(path: path, format: .pkcs12, certificates: certificates, privateKeys: key.map { [$0] } ?? [],
                           encryptedKeyLocked: false, traditionalKeyFormat: false, otherBlocks: [])
        }
        if let key = X509Reader.derPrivateKey(bytes) {
            return PKIFile(path: path, format: .der, certificates: [], privateKeys: [key],
                           encryptedKeyLocked: false, traditionalKeyFormat: false, otherBlocks: [])
        }
        if X509Reader.looksLikePKCS7(bytes) {
            throw PKIFileError(.unsupported, "\(path) is a DER PKCS#7 bundle (.p7b): convert it with `openssl pkcs7 -inform DER -print_certs -in \(path) -out bundle.pem`")
        }
        let printable = bytes.prefix(512).allSatisfy { $0 == 9 || $0 == 10 || $0 == 13 || (32..<127).contains($0) || $0 >= 0x80 }
        throw PKIFileError(.notPKI, printable
            ? "\(path) is not a certificate or key: no -----BEGIN ...----- PEM block found"
            : "\(path) is not a certificate or key: neither PEM, DER nor PKCS#12")
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
