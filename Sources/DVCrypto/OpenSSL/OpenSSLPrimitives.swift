// RAND_bytes and EVP_Digest behind Swift signatures.
internal import COpenSSL

enum OpenSSLRandom {
    static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let status = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard status == 1 else { throw .openSSL(.randomUnavailable, "OpenSSL's random generator failed") }
        return out
    }
}

enum OpenSSLDigest {
    static func digest(_ algorithm: Digest.Algorithm, _ input: [UInt8]) throws(CryptoError) -> [UInt8] {
        // EVP_sha256()/EVP_md5() return static method tables: nothing to free.
        guard let method = (algorithm == .sha256 ? EVP_sha256() : EVP_md5()) else {
            throw .openSSL(.digestFailed, "\(algorithm.rawValue) is not available in this OpenSSL")
        }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = input.withUnsafeBytes { data in
            out.withUnsafeMutableBufferPointer { EVP_Digest(data.baseAddress, data.count, $0.baseAddress, &length, method, nil) }
        }
        guard status == 1 else { throw .openSSL(.digestFailed, "cannot compute \(algorithm.rawValue)") }
        return Array(out.prefix(Int(length)))
    }
}
