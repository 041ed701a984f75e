internal import COpenSSL

/// Owns one `X509`.
final class X509Handle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }

    /// Parses DER; nil when the bytes are not one certificate.
    static func parse(_ der: [UInt8], trusted: Bool = false) -> X509Handle? {
        der.withUnsafeBufferPointer { buffer -> X509Handle? in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            let parsed = trusted ? d2i_X509_AUX(nil, &cursor, buffer.count) : d2i_X509(nil, &cursor, buffer.count)
            return parsed.map(X509Handle.init)
        }
    }
}

/// Owns one `EVP_PKEY`.
final class EVPKeyHandle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

/// Owns one `BIO`.
final class BIOHandle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { BIO_free(pointer) }

    /// A memory BIO holding a copy of `bytes`.
    static func memory(_ bytes: [UInt8]) -> BIOHandle? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        let handle = BIOHandle(pointer: bio)
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
            guard written == Int32(bytes.count) else { return nil }
        }
        return handle
    }

    static func empty() -> BIOHandle? { BIO_new(BIO_s_mem()).map(BIOHandle.init) }

    /// Everything written so far, as text.
    var text: String {
        var data: UnsafeMutablePointer<CChar>?
        let length = dvtool_BIO_get_mem_data(pointer, &data)
        guard let data, length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}

/// Owns one `PKCS12`.
final class PKCS12Handle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { PKCS12_free(pointer) }
}

/// Owns one `STACK_OF(X509)` and the certificates in it.
final class X509StackHandle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { dvtool_sk_X509_pop_free(pointer) }

    /// A stack of fresh copies of `certificates` (each parsed from DER).
    static func make(_ certificates: [[UInt8]]) -> X509StackHandle? {
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

    var count: Int { Int(dvtool_sk_X509_num(pointer)) }

    /// Borrowed pointers to the members.
    var members: [OpaquePointer] { (0..<dvtool_sk_X509_num(pointer)).compactMap { dvtool_sk_X509_value(pointer, $0) } }
}

/// Owns one `X509_STORE`.
final class X509StoreHandle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_STORE_free(pointer) }
}

/// Owns one `X509_STORE_CTX`.
final class X509StoreContextHandle {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_STORE_CTX_free(pointer) }
}
