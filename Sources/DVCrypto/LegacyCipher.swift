// LegacyCipher: old symmetric ciphers that some key containers still use to protect keys.

/// Decryption only, for reading key containers made by older tools (Java's JCEKS keystores); never for
/// protecting anything new.
public enum LegacyCipher {
    /// Triple DES (DES-EDE3) in CBC mode with PKCS#5 padding; nil when the padding does not check out, which is
    /// what a wrong password gives.
    public static func tripleDESCBCDecrypt(key: [UInt8], iv: [UInt8], data: [UInt8]) throws(CryptoError) -> [UInt8]? {
        try OpenSSLCipher.tripleDESCBCDecrypt(key: key, iv: iv, data: data)
    }
}
