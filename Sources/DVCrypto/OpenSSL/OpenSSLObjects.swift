// One small owner per OpenSSL object: each frees its pointer in deinit, and none leaves this folder.
internal import COpenSSL

/// A memory BIO holding a copy of `bytes` (BIO_write copies, so the Swift array need not outlive it).
final class MemoryBIO {
    let ref: OpaquePointer

    init(_ bytes: [UInt8]) throws(CryptoError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL(.openSSLFailure, "cannot allocate a memory BIO") }
        ref = bio
        let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count || bytes.isEmpty else {
            throw .openSSL(.openSSLFailure, "cannot fill a memory BIO")
        }
    }

    deinit { BIO_free(ref) }
}

/// An `EVP_PKEY` (freed with `EVP_PKEY_free`).
final class EVPKey {
    let ref: OpaquePointer
    init(_ ref: OpaquePointer) { self.ref = ref }
    deinit { EVP_PKEY_free(ref) }
}

/// A `BIGNUM` returned by `EVP_PKEY_get_bn_param` (the caller owns it: `BN_free`).
final class BigNumber {
    let ref: OpaquePointer
    init(_ ref: OpaquePointer) { self.ref = ref }
    deinit { BN_free(ref) }

    /// Big-endian, minimal length (zero is no bytes).
    var minimalBytes: [UInt8] {
        let count = (Int(BN_num_bits(ref)) + 7) / 8
        var out = [UInt8](repeating: 0, count: count)
        if count > 0 { _ = out.withUnsafeMutableBufferPointer { BN_bn2bin(ref, $0.baseAddress) } }
        return out
    }

    /// Big-endian, left-padded with zeros to `length`; nil if the number is longer.
    func bytes(paddedTo length: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        let written = out.withUnsafeMutableBufferPointer { BN_bn2binpad(ref, $0.baseAddress, Int32(length)) }
        return written == length ? out : nil
    }
}

/// An `X509_REQ` (freed with `X509_REQ_free`).
final class X509Request {
    let ref: OpaquePointer
    init(_ ref: OpaquePointer) { self.ref = ref }
    deinit { X509_REQ_free(ref) }
}

/// A `GENERAL_NAMES` stack from `X509V3_get_d2i` (freed with `GENERAL_NAMES_free`, names included).
final class GeneralNames {
    let ref: OpaquePointer
    init(_ ref: OpaquePointer) { self.ref = ref }
    deinit { GENERAL_NAMES_free(ref) }
}
