// RAND_bytes and EVP_Digest behind Swift signatures.
internal import COpenSSL
internal import DVOpenSSL

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
        let method: OpaquePointer? = switch algorithm {
        case .sha256: EVP_sha256()
        case .sha1: EVP_sha1()
        case .md5: EVP_md5()
        }
        guard let method else {
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

enum OpenSSLCipher {
    /// DES-EDE3-CBC with PKCS#5 padding removed; nil when the padding is wrong (a wrong key, as a rule).
    static func tripleDESCBCDecrypt(key: [UInt8], iv: [UInt8], data: [UInt8]) throws(CryptoError) -> [UInt8]? {
        guard key.count == 24, iv.count == 8 else { throw CryptoError(.openSSLFailure, "3DES needs a 24-byte key and an 8-byte IV") }
        guard let pointer = EVP_CIPHER_CTX_new() else { throw .openSSL(.openSSLFailure, "cannot allocate a cipher context") }
        let context = CipherContextHandle(pointer: pointer)
        guard EVP_DecryptInit_ex(context.pointer, EVP_des_ede3_cbc(), nil, key, iv) == 1 else {
            throw .openSSL(.openSSLFailure, "3DES is not available in this OpenSSL")
        }
        var out = [UInt8](repeating: 0, count: data.count + 8)
        var written: Int32 = 0, final: Int32 = 0
        let status = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard EVP_DecryptUpdate(context.pointer, buffer.baseAddress, &written, data, Int32(data.count)) == 1 else { return 0 }
            return EVP_DecryptFinal_ex(context.pointer, buffer.baseAddress! + Int(written), &final)
        }
        OpenSSLErrors.clear()
        return status == 1 ? Array(out.prefix(Int(written + final))) : nil
    }
}
