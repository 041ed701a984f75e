internal import DVOpenSSL

/// A memory BIO holding a copy of `bytes`, or the error a reader reports when OpenSSL cannot make one.
func memoryBIO(_ bytes: [UInt8]) throws(CryptoError) -> BIOHandle {
    guard let bio = BIOHandle.memory(bytes) else { throw .openSSL(.openSSLFailure, "cannot allocate a memory BIO") }
    return bio
}
