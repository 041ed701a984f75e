// PrivateKey: an account key file read through OpenSSL, kept only as its public JWK.

/// A private key file (PEM or DER; PKCS#8, PKCS#1 or SEC 1) of a type an ACME account can use.
///
/// Only the public half is kept: reading the file yields the key's kind, its JWK and thumbprint, and the
/// private material is freed at once. Encrypted keys are refused, never prompted for: OpenSSL would
/// otherwise ask for a passphrase on the terminal.
public struct PrivateKey: Sendable, Equatable {
    /// The key types accepted.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        case rsa(bits: Int)
        /// `curve` is the JOSE name (`P-256`, `P-384`, `P-521`).
        case ec(curve: String)
        case ed25519

        public var description: String {
            switch self {
            case let .rsa(bits): "RSA \(bits)"
            case let .ec(curve): "EC \(curve)"
            case .ed25519: "Ed25519"
            }
        }
    }

    public let kind: Kind
    /// The public key as a JWK.
    public let jwk: JWK
    /// `jwk`'s RFC 7638 SHA-256 thumbprint, base64url.
    public let thumbprint: String

    /// Reads a private key from the contents of a key file.
    /// - Parameter pem: the file's bytes; PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`; other
    ///   blocks such as `EC PARAMETERS` are skipped) or DER.
    /// - Throws: `CryptoError` with `.encryptedKey` (the reason says how to decrypt), `.malformedKey`
    ///   (including certificates, CSRs, public keys and OpenSSH keys given by mistake) or `.unsupportedKey`.
    public init(pem: some Collection<UInt8>) throws(CryptoError) {
        let bytes = Array(pem)
        try Self.refuseWrongFiles(bytes)
        (kind, jwk) = try OpenSSLKeyReader.read(bytes)
        thumbprint = try jwk.thumbprint()
    }

    public init(pem: String) throws(CryptoError) {
        try self.init(pem: Array(pem.utf8))
    }

    /// Names the usual mistakes before OpenSSL gives its generic "no start line".
    private static func refuseWrongFiles(_ bytes: [UInt8]) throws(CryptoError) {
        guard !bytes.isEmpty else { throw CryptoError(.malformedKey, "the key file is empty") }
        let text = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") {
            throw CryptoError(.encryptedKey, "the private key is encrypted; write a decrypted copy with `openssl pkey -in enc.pem -out plain.pem` and use that")
        }
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            throw CryptoError(.malformedKey, "this is an OpenSSH key, not an ACME account key (PEM \"PRIVATE KEY\")")
        }
        let hasPrivateKeyBlock = text.contains("PRIVATE KEY-----")
        let others = [("CERTIFICATE REQUEST", "a certificate signing request"), ("CERTIFICATE", "a certificate"),
                      ("PUBLIC KEY", "a public key")]
        if !hasPrivateKeyBlock, let (_, what) = others.first(where: { text.contains("-----BEGIN \($0.0)-----") }) {
            throw CryptoError(.malformedKey, "the file holds \(what), not a private key; give the account's private key file")
        }
    }
}
