// Reads a private key file with OpenSSL and turns its public half into a JWK.
internal import COpenSSL
internal import DVOpenSSL

enum OpenSSLKeyReader {
    /// JOSE curve name and coordinate length for each OpenSSL group name (RFC 7518 §6.2.1.2).
    private static let curves: [String: (name: String, length: Int)] = [
        "prime256v1": ("P-256", 32), "P-256": ("P-256", 32),
        "secp384r1": ("P-384", 48), "P-384": ("P-384", 48),
        "secp521r1": ("P-521", 66), "P-521": ("P-521", 66),
    ]

    static func read(_ bytes: [UInt8]) throws(CryptoError) -> (PrivateKey.Kind, JWK) {
        OpenSSLErrors.clear()
        let key = try load(bytes)
        switch EVP_PKEY_get_base_id(key.pointer) {
        case EVP_PKEY_RSA:
            let n = try bigNumber(key, "n").minimalBytes
            let e = try bigNumber(key, "e").minimalBytes
            return (.rsa(bits: Int(EVP_PKEY_get_bits(key.pointer))), .rsa(n: n, e: e))
        case EVP_PKEY_EC:
            let group = try groupName(key)
            guard let curve = curves[group] else {
                throw CryptoError(.unsupportedKey, "EC curve \(group) is not used for ACME accounts; use P-256, P-384 or P-521")
            }
            guard let x = try bigNumber(key, "qx").bytes(paddedTo: curve.length),
                  let y = try bigNumber(key, "qy").bytes(paddedTo: curve.length) else {
                throw CryptoError(.malformedKey, "the EC public point does not fit curve \(curve.name)")
            }
            return (.ec(curve: curve.name), .ec(curve: curve.name, x: x, y: y))
        case EVP_PKEY_ED25519:
            var raw = [UInt8](repeating: 0, count: 32)
            var length = raw.count
            let status = raw.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(key.pointer, $0.baseAddress, &length) }
            guard status == 1, length == 32 else { throw .openSSL(.malformedKey, "cannot read the Ed25519 public key") }
            return (.ed25519, .okp(curve: "Ed25519", x: raw))
        case EVP_PKEY_RSA_PSS:
            throw CryptoError(.unsupportedKey, "RSA-PSS keys cannot sign ACME requests; use an rsaEncryption (RSA), EC or Ed25519 key")
        default:
            let name = EVP_PKEY_get0_type_name(key.pointer).map { String(cString: $0) } ?? "unknown"
            throw CryptoError(.unsupportedKey, "\(name) keys are not used for ACME accounts; use RSA, EC P-256/P-384/P-521 or Ed25519")
        }
    }

    /// PEM (any private-key block; other blocks skipped) or DER. The passphrase callback refuses at once,
    /// so OpenSSL never prompts on the terminal.
    private static func load(_ bytes: [UInt8]) throws(CryptoError) -> EVPKeyHandle {
        let looksPEM = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self).contains("-----BEGIN ")
        if looksPEM {
            let bio = try memoryBIO(bytes)
            let refuse: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { _, _, _, _ in -1 }
            guard let key = PEM_read_bio_PrivateKey(bio.pointer, nil, refuse, nil) else {
                let detail = CryptoError.drainOpenSSLErrors()
                if detail.contains("bad password read") || detail.contains("bad decrypt") {
                    throw CryptoError(.encryptedKey, "the private key is encrypted; write a decrypted copy with `openssl pkey -in enc.pem -out plain.pem` and use that")
                }
                throw CryptoError(.malformedKey, "not a private key (PEM or DER)", detail: detail)
            }
            return EVPKeyHandle(pointer: key)
        }
        let key: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let key else {
            throw CryptoError(.malformedKey, "not a private key (PEM or DER)", detail: CryptoError.drainOpenSSLErrors())
        }
        return EVPKeyHandle(pointer: key)
    }

    private static func bigNumber(_ key: EVPKeyHandle, _ name: String) throws(CryptoError) -> BigNumberHandle {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key.pointer, name, &number) == 1, let number else {
            throw .openSSL(.malformedKey, "the key has no public parameter \"\(name)\"")
        }
        return BigNumberHandle(pointer: number)
    }

    private static func groupName(_ key: EVPKeyHandle) throws(CryptoError) -> String {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        let status = buffer.withUnsafeMutableBufferPointer {
            EVP_PKEY_get_utf8_string_param(key.pointer, "group", $0.baseAddress, $0.count, &length)
        }
        guard status == 1 else {
            throw .openSSL(.unsupportedKey, "the EC key does not use a named curve; use P-256, P-384 or P-521")
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
