// Reads a PKCS#10 CSR with OpenSSL into Swift values.
internal import COpenSSL
internal import DVOpenSSL

enum OpenSSLCSRReader {
    struct Parsed {
        let der: [UInt8]
        let commonName: String?
        let dnsNames: [String]
    }

    static func read(_ bytes: [UInt8]) throws(CryptoError) -> Parsed {
        OpenSSLErrors.clear()
        let request = try load(bytes)
        // The self-signature: a CA rejects a CSR whose signature does not verify.
        guard let publicKey = X509_REQ_get0_pubkey(request.pointer) else {   // borrowed: not freed
            throw .openSSL(.malformedCSR, "the CSR has no readable public key")
        }
        guard X509_REQ_verify(request.pointer, publicKey) == 1 else {
            throw .openSSL(.malformedCSR, "the CSR's signature does not verify with its own public key")
        }
        let der = OpenSSLEncoding.der(request.pointer, i2d_X509_REQ)
        guard !der.isEmpty else { throw .openSSL(.malformedCSR, "cannot DER-encode the CSR") }
        // The subject is an internal pointer of the request: not freed.
        let commonName = X509_REQ_get_subject_name(request.pointer).flatMap(OpenSSLEncoding.commonName)
        return Parsed(der: der, commonName: commonName, dnsNames: dnsNames(request))
    }

    private static func load(_ bytes: [UInt8]) throws(CryptoError) -> X509RequestHandle {
        let text = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
        if text.contains("-----BEGIN ") {
            guard text.contains("CERTIFICATE REQUEST-----") else {
                throw CryptoError(.malformedCSR, "the file has no \"BEGIN CERTIFICATE REQUEST\" block; is it a CSR?")
            }
            let bio = try memoryBIO(bytes)
            guard let request = PEM_read_bio_X509_REQ(bio.pointer, nil, nil, nil) else {
                throw .openSSL(.malformedCSR, "the CSR does not parse")
            }
            return X509RequestHandle(pointer: request)
        }
        var consumed = 0
        let request: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            let parsed = d2i_X509_REQ(nil, &cursor, buffer.count)
            if let start = buffer.baseAddress, let cursor { consumed = cursor - start }
            return parsed
        }
        guard let request else { throw .openSSL(.malformedCSR, "the file is neither a PEM nor a DER CSR") }
        let owner = X509RequestHandle(pointer: request)
        guard consumed == bytes.count else {
            throw CryptoError(.malformedCSR, "the DER CSR is followed by \(bytes.count - consumed) stray bytes")
        }
        return owner
    }

    private static func dnsNames(_ request: X509RequestHandle) -> [String] {
        guard let raw = dvtool_crypto_csr_subject_alt_names(request.pointer) else {
            OpenSSLErrors.clear()   // "no extension" leaves nothing worth reporting
            return []
        }
        let names = GeneralNamesHandle(pointer: raw)
        var out: [String] = []
        for index in 0..<dvtool_sk_GENERAL_NAME_num(names.pointer) {
            guard let string = dvtool_crypto_general_name_dns(names.pointer, index),
                  let data = ASN1_STRING_get0_data(string) else { continue }
            out.append(String(decoding: UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))), as: UTF8.self))
        }
        return out
    }
}
