// Digest: SHA-256 and MD5 through OpenSSL's EVP interface.

/// One-shot message digests.
public enum Digest {
    /// SHA-256 (32 bytes).
    public static func sha256(_ bytes: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        try OpenSSLDigest.digest(.sha256, Array(bytes))
    }

    /// MD5 (16 bytes). Only for formats that name it, such as Sectigo's CSR hash; never for security.
    public static func md5(_ bytes: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        try OpenSSLDigest.digest(.md5, Array(bytes))
    }

    /// SHA-1 (20 bytes). Only for formats built on it, such as Java keystores' integrity check; never for new signatures.
    public static func sha1(_ bytes: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        try OpenSSLDigest.digest(.sha1, Array(bytes))
    }

    enum Algorithm: String { case sha256 = "SHA-256", sha1 = "SHA-1", md5 = "MD5" }
}
