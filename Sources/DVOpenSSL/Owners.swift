// One owner class per OpenSSL type, for DVCrypto and DVTLS: each frees its pointer in deinit. The package's
// only Swift code that calls OpenSSL's allocation and free functions; callers see OpaquePointers they borrow.
internal import COpenSSL

/// Owns one `X509`.
package final class X509Handle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }

    /// Parses DER; nil when the bytes are not one certificate.
    package static func parse(_ der: [UInt8], trusted: Bool = false) -> X509Handle? {
        der.withUnsafeBufferPointer { buffer -> X509Handle? in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            let parsed = trusted ? d2i_X509_AUX(nil, &cursor, buffer.count) : d2i_X509(nil, &cursor, buffer.count)
            return parsed.map(X509Handle.init)
        }
    }
}

/// Owns one `EVP_PKEY`.
package final class EVPKeyHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

/// Owns one `BIO`.
package final class BIOHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { BIO_free(pointer) }

    /// A memory BIO holding a copy of `bytes`.
    package static func memory(_ bytes: [UInt8]) -> BIOHandle? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        let handle = BIOHandle(pointer: bio)
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
            guard written == Int32(bytes.count) else { return nil }
        }
        return handle
    }

    package static func empty() -> BIOHandle? { BIO_new(BIO_s_mem()).map(BIOHandle.init) }

    /// Everything written so far, as text.
    package var text: String {
        var data: UnsafeMutablePointer<CChar>?
        let length = dvtool_BIO_get_mem_data(pointer, &data)
        guard let data, length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}

/// Owns one `PKCS12`.
package final class PKCS12Handle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { PKCS12_free(pointer) }
}

/// Owns one `STACK_OF(X509)` and the certificates in it.
package final class X509StackHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { dvtool_sk_X509_pop_free(pointer) }

    /// A stack of fresh copies of `certificates` (each parsed from DER).
    package static func make(_ certificates: [[UInt8]]) -> X509StackHandle? {
        guard let stack = dvtool_sk_X509_new_null() else { return nil }
        let handle = X509StackHandle(pointer: stack)
        for der in certificates {
            guard let certificate = der.withUnsafeBufferPointer({ buffer -> OpaquePointer? in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_X509(nil, &cursor, buffer.count)
            }) else { continue }
            if dvtool_sk_X509_push(stack, certificate) == 0 { X509_free(certificate) }
        }
        return handle
    }

    package var count: Int { Int(dvtool_sk_X509_num(pointer)) }

    /// Borrowed pointers to the members.
    package var members: [OpaquePointer] { (0..<dvtool_sk_X509_num(pointer)).compactMap { dvtool_sk_X509_value(pointer, $0) } }
}

/// Owns one `X509_STORE`.
package final class X509StoreHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_STORE_free(pointer) }
}

/// Owns one `X509_STORE_CTX`.
package final class X509StoreContextHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_STORE_CTX_free(pointer) }
}

/// Owns one `SSL_CTX`.
package final class SSLContextHandle {
    package let pointer: OpaquePointer

    package init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { SSL_CTX_free(pointer) }
}

/// Owns one `SSL`.
package final class SSLHandle {
    package let pointer: OpaquePointer

    package init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { SSL_free(pointer) }
}

/// Owns one `BIGNUM` (from `EVP_PKEY_get_bn_param`: the caller frees it).
package final class BigNumberHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { BN_free(pointer) }

    /// Big-endian, minimal length (zero is no bytes).
    package var minimalBytes: [UInt8] {
        let count = (Int(BN_num_bits(pointer)) + 7) / 8
        var out = [UInt8](repeating: 0, count: count)
        if count > 0 { _ = out.withUnsafeMutableBufferPointer { BN_bn2bin(pointer, $0.baseAddress) } }
        return out
    }

    /// Big-endian, left-padded with zeros to `length`; nil if the number is longer.
    package func bytes(paddedTo length: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        let written = out.withUnsafeMutableBufferPointer { BN_bn2binpad(pointer, $0.baseAddress, Int32(length)) }
        return written == length ? out : nil
    }
}

/// Owns one `X509_REQ`.
package final class X509RequestHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_REQ_free(pointer) }
}

/// Owns one `GENERAL_NAMES` stack (from `X509V3_get_d2i`; freed with the names in it).
package final class GeneralNamesHandle {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { GENERAL_NAMES_free(pointer) }
}
