// SecureRandom: bytes from OpenSSL's CSPRNG.

/// Cryptographically secure random bytes (OpenSSL `RAND_bytes`, seeded from the operating system).
public enum SecureRandom {
    /// - Parameter count: how many bytes, 0 or more.
    /// - Returns: `count` random bytes.
    /// - Throws: `CryptoError.Code.randomUnavailable` if the generator is not seeded or fails.
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        return try OpenSSLRandom.bytes(count)
    }
}
