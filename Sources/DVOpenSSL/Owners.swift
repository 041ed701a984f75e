// One owner per OpenSSL type, for DVCrypto and DVTLS: `OpenSSLOwner` frees its pointer in deinit with the
// type's own free function. The package's only Swift code that calls OpenSSL's free functions; callers see
// OpaquePointers they borrow.
internal import COpenSSL

/// An OpenSSL object type: how to free one.
package protocol OpenSSLObject {
    static func free(_ pointer: OpaquePointer)
}

/// Owns one OpenSSL object of type `Object`.
package final class OpenSSLOwner<Object: OpenSSLObject> {
    package let pointer: OpaquePointer
    package init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { Object.free(pointer) }
}

// The owned types, each with its free function (a `STACK_OF(X509)` and `GENERAL_NAMES` free their members too;
// a `BIGNUM` from `EVP_PKEY_get_bn_param` is the caller's to free).
package enum X509Object: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { X509_free(pointer) } }
package enum EVPKeyObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { EVP_PKEY_free(pointer) } }
package enum BIOObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { BIO_free(pointer) } }
package enum PKCS12Object: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { PKCS12_free(pointer) } }
package enum X509StackObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { dvtool_sk_X509_pop_free(pointer) } }
package enum X509StoreObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { X509_STORE_free(pointer) } }
package enum X509StoreContextObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { X509_STORE_CTX_free(pointer) } }
package enum SSLContextObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { SSL_CTX_free(pointer) } }
package enum SSLObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { SSL_free(pointer) } }
package enum BigNumberObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { BN_free(pointer) } }
package enum X509RequestObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { X509_REQ_free(pointer) } }
package enum GeneralNamesObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { GENERAL_NAMES_free(pointer) } }
// PKCS7 is a struct Swift sees (UnsafeMutablePointer<PKCS7>): its owner holds it as an OpaquePointer.
package enum PKCS7Object: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { PKCS7_free(UnsafeMutablePointer<PKCS7>(pointer)) } }
package enum PKCS7StackObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { dvtool_sk_PKCS7_pop_free(pointer) } }
package enum SafeBagStackObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { dvtool_sk_PKCS12_SAFEBAG_pop_free(pointer) } }
package enum PKCS8InfoObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { PKCS8_PRIV_KEY_INFO_free(pointer) } }
package enum AuthorityInfoAccessObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { AUTHORITY_INFO_ACCESS_free(pointer) } }
package enum CipherContextObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { EVP_CIPHER_CTX_free(pointer) } }
package enum X509SignatureObject: OpenSSLObject { package static func free(_ pointer: OpaquePointer) { X509_SIG_free(pointer) } }

package typealias X509Handle = OpenSSLOwner<X509Object>
package typealias EVPKeyHandle = OpenSSLOwner<EVPKeyObject>
package typealias BIOHandle = OpenSSLOwner<BIOObject>
package typealias PKCS12Handle = OpenSSLOwner<PKCS12Object>
package typealias X509StackHandle = OpenSSLOwner<X509StackObject>
package typealias X509StoreHandle = OpenSSLOwner<X509StoreObject>
package typealias X509StoreContextHandle = OpenSSLOwner<X509StoreContextObject>
package typealias SSLContextHandle = OpenSSLOwner<SSLContextObject>
package typealias SSLHandle = OpenSSLOwner<SSLObject>
package typealias BigNumberHandle = OpenSSLOwner<BigNumberObject>
package typealias X509RequestHandle = OpenSSLOwner<X509RequestObject>
package typealias GeneralNamesHandle = OpenSSLOwner<GeneralNamesObject>
package typealias PKCS7Handle = OpenSSLOwner<PKCS7Object>
package typealias PKCS7StackHandle = OpenSSLOwner<PKCS7StackObject>
package typealias SafeBagStackHandle = OpenSSLOwner<SafeBagStackObject>
package typealias PKCS8InfoHandle = OpenSSLOwner<PKCS8InfoObject>
package typealias AuthorityInfoAccessHandle = OpenSSLOwner<AuthorityInfoAccessObject>
package typealias CipherContextHandle = OpenSSLOwner<CipherContextObject>
package typealias X509SignatureHandle = OpenSSLOwner<X509SignatureObject>

/// An OpenSSL `d2i_*` function: a new object parsed from the DER at the cursor (which it advances); nil when the
/// bytes are not one.
package typealias DERDecoder = (UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, Int) -> OpaquePointer?

extension OpenSSLOwner {
    /// The object `decode` parses from `der`, owned; nil when the bytes are not one (none are).
    package static func decode(_ der: [UInt8], _ decode: DERDecoder) -> OpenSSLOwner? {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            return decode(nil, &cursor, buffer.count)
        }
        return parsed.map { OpenSSLOwner(pointer: $0) }
    }
}

extension OpenSSLOwner where Object == X509Object {
    /// Parses DER; nil when the bytes are not one certificate.
    package static func parse(_ der: [UInt8], trusted: Bool = false) -> X509Handle? {
        decode(der, trusted ? d2i_X509_AUX : d2i_X509)
    }
}

extension OpenSSLOwner where Object == BIOObject {
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

extension OpenSSLOwner where Object == X509StackObject {
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

extension OpenSSLOwner where Object == BigNumberObject {
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

