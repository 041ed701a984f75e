internal import COpenSSL

/// DER output and X.509 name reading, shared by DVCrypto (CSRs) and DVTLS (certificates, keys).
package enum OpenSSLEncoding {
    /// An OpenSSL `i2d_*` function: the DER length for a nil output, else writes and advances the cursor.
    package typealias DEREncoder = (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32

    /// The DER bytes `encode` writes for a borrowed `object`; empty when it cannot encode it.
    package static func der(_ object: OpaquePointer, _ encode: DEREncoder) -> [UInt8] {
        let length = encode(object, nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return encode(object, &cursor)
        }
        return written == length ? bytes : []
    }

    /// The first commonName of a borrowed X509_NAME, as UTF-8; nil when there is none.
    package static func commonName(_ name: OpaquePointer) -> String? {
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { dvtool_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }
}
