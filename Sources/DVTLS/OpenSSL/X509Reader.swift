internal import COpenSSL
internal import DVOpenSSL
import DVCrypto
import FoundationEssentials
import Glibc

/// Turns DER/PEM/PKCS#12 bytes into Swift values; all OpenSSL objects are freed before returning.
enum X509Reader {
    static func certificate(der: [UInt8], trusted: Bool = false) throws(PKIFileError) -> Certificate {
        OpenSSLErrors.clear()
        guard let handle = X509Handle.parse(der, trusted: trusted) else {
            throw PKIFileError(.malformed, OpenSSLErrors.firstReason() ?? "not a DER certificate")
        }
        return certificate(from: handle.pointer)
    }

    /// Values from a borrowed X509 pointer.
    static func certificate(from x509: OpaquePointer) -> Certificate {
        let der = OpenSSLEncoding.der(x509, i2d_X509)
        let subjectName = X509_get_subject_name(x509)
        let sans = subjectAltNames(x509)
        var fingerprint = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var fingerprintLength: UInt32 = 0
        _ = X509_digest(x509, EVP_sha256(), &fingerprint, &fingerprintLength)
        let signatureNID = X509_get_signature_nid(x509)
        var digestNID: Int32 = 0, keyNID: Int32 = 0
        var signatureHash: String?
        if OBJ_find_sigid_algs(signatureNID, &digestNID, &keyNID) == 1, digestNID != NID_undef {
            signatureHash = OBJ_nid2sn(digestNID).map { String(cString: $0) }
        }
        let subject = name(subjectName)
        let issuer = name(X509_get_issuer_name(x509))
        return Certificate(
            subject: subject,
            issuer: issuer,
            commonName: subjectName.flatMap(OpenSSLEncoding.commonName),
            dnsNames: sans.dns,
            ipAddresses: sans.ip,
            hasSubjectAltName: sans.present,
            serialNumber: serial(x509),
            notBefore: date(X509_get0_notBefore(x509)),
            notAfter: date(X509_get0_notAfter(x509)),
            publicKey: X509_get0_pubkey(x509).map(publicKeyInfo) ?? PublicKeyInfo(algorithm: "unknown", bits: 0, curve: nil, spkiSHA256: ""),
            signatureAlgorithm: OBJ_nid2ln(signatureNID).map { String(cString: $0) } ?? "unknown",
            signatureHash: signatureHash,
            isCA: X509_check_ca(x509) > 0,
            isSelfSigned: X509_self_signed(x509, 1) == 1,
            sha256Fingerprint: fingerprint.prefix(Int(fingerprintLength)).map { hex2($0) }.joined(separator: ":"),
            caIssuersURLs: caIssuersURLs(x509),
            der: der)
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    private static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIOHandle.empty() else { return "" }
        _ = X509_NAME_print_ex(bio.pointer, name, 0, dvtool_XN_FLAG_RFC2253())
        return bio.text
    }

    private static func subjectAltNames(_ x509: OpaquePointer) -> (present: Bool, dns: [String], ip: [String]) {
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return (false, [], []) }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = [], ip: [String] = []
        for index in 0..<dvtool_sk_GENERAL_NAME_num(names) {
            guard let entry = dvtool_sk_GENERAL_NAME_value(names, index) else { continue }
            var type: Int32 = 0
            guard let value = GENERAL_NAME_get0_value(entry, &type) else { continue }
            let string = value.assumingMemoryBound(to: ASN1_STRING.self)
            let bytes = asn1Bytes(string)
            if type == GEN_DNS {
                dns.append(String(decoding: bytes, as: UTF8.self))
            } else if type == GEN_IPADD {
                ip.append(ipText(bytes))
            }
        }
        return (true, dns, ip)
    }

    /// The caIssuers URIs of the Authority Information Access extension, in order.
    private static func caIssuersURLs(_ x509: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(x509, NID_info_access, nil, nil) else { return [] }
        let access = AuthorityInfoAccessHandle(pointer: OpaquePointer(raw))
        return (0..<dvtool_sk_ACCESS_DESCRIPTION_num(access.pointer)).compactMap { index in
            dvtool_AIA_ca_issuers_uri(access.pointer, index).map { String(decoding: asn1Bytes($0), as: UTF8.self) }
        }
    }

    private static func asn1Bytes(_ string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let length = Int(ASN1_STRING_length(string))
        guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    private static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        if bytes.count == 16 {
            var buffer = [CChar](repeating: 0, count: 64)
            _ = bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &buffer, 64) }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return bytes.map { String($0, radix: 16) }.joined(separator: ":")
    }

    private static func serial(_ x509: OpaquePointer) -> String {
        guard let integer = X509_get0_serialNumber(x509), let bignum = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "" }
        defer { dvtool_OPENSSL_free(hex) }
        return String(cString: hex)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        guard let time else { return Date(timeIntervalSince1970: 0) }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func publicKeyInfo(_ key: OpaquePointer) -> PublicKeyInfo {
        let id = EVP_PKEY_get_base_id(key)
        let algorithm: String
        switch id {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: algorithm = "RSA"
        case EVP_PKEY_EC: algorithm = "EC"
        case EVP_PKEY_ED25519: algorithm = "Ed25519"
        case EVP_PKEY_ED448: algorithm = "Ed448"
        case EVP_PKEY_DSA: algorithm = "DSA"
        default: algorithm = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
        }
        var curve: String?
        if id == EVP_PKEY_EC {
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            if EVP_PKEY_get_group_name(key, &buffer, buffer.count, &length) == 1 {
                curve = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return PublicKeyInfo(algorithm: algorithm, bits: Int(EVP_PKEY_get_bits(key)), curve: curve,
                             spkiSHA256: sha256Hex(OpenSSLEncoding.der(key, i2d_PUBKEY)))
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var size: UInt32 = 0
        _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &size, EVP_sha256(), nil) }
        return Hex.encode(digest.prefix(Int(size)))
    }

    // MARK: Private keys

    /// Hands OpenSSL the password given through `userData` (a C string), or fails: OpenSSL never prompts.
    private static let passwordCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { out, size, _, userData in
        guard let out, let userData else { return -1 }
        let password = userData.assumingMemoryBound(to: CChar.self)
        let length = Int32(strlen(password))
        guard length > 0, length <= size else { return -1 }
        memcpy(out, password, Int(length))
        return length
    }

    /// Runs `body` with the password as a C string for `passwordCallback`'s user data.
    private static func withPassword<T>(_ password: String?, _ body: (UnsafeMutableRawPointer?) -> T) -> T {
        let bytes = Array((password ?? "").utf8CString)
        return bytes.withUnsafeBufferPointer { body(UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
    }

    static func privateKey(pem: String, label: String, encrypted: Bool, password: String?,
                           path: String) throws(PKIFileError) -> PrivateKeyMaterial {
        guard let bio = BIOHandle.memory(Array(pem.utf8)) else { throw PKIFileError(.malformed, "out of memory") }
        OpenSSLErrors.clear()
        let key = withPassword(password) { PEM_read_bio_PrivateKey(bio.pointer, nil, passwordCallback, $0) }
        guard let key else {
            let reason = OpenSSLErrors.firstReason() ?? "unreadable"
            if encrypted {
                throw PKIFileError(.wrongPassword, "\(path): cannot decrypt the private key with the password given (\(reason))")
            }
            throw PKIFileError(.malformed, "\(path): the \(label) block is damaged (\(reason))")
        }
        let encoding: String
        switch label {
        case "RSA PRIVATE KEY": encoding = "PKCS#1 (RSA)"
        case "EC PRIVATE KEY": encoding = "SEC 1 (EC)"
        default: encoding = "PKCS#8"
        }
        return try material(EVPKeyHandle(pointer: key), wasEncrypted: encrypted, encoding: encoding)
    }

    /// An unencrypted DER key (PKCS#8, PKCS#1, SEC 1); nil when the bytes are not one.
    static func derPrivateKey(_ bytes: [UInt8], encoding: String = "DER", wasEncrypted: Bool = false,
                              alias: String? = nil) -> PrivateKeyMaterial? {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.clear() }
        guard let key = EVPKeyHandle.decode(bytes, d2i_AutoPrivateKey) else { return nil }
        return try? material(key, wasEncrypted: wasEncrypted, encoding: encoding, alias: alias)
    }

    /// True when the bytes are a DER EncryptedPrivateKeyInfo (encrypted PKCS#8).
    static func looksLikeEncryptedPKCS8(_ bytes: [UInt8]) -> Bool {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.clear() }
        return X509SignatureHandle.decode(bytes, d2i_X509_SIG) != nil
    }

    /// A DER encrypted PKCS#8 key opened with `password`.
    static func encryptedDERPrivateKey(_ bytes: [UInt8], password: String, path: String) throws(PKIFileError) -> PrivateKeyMaterial {
        guard let bio = BIOHandle.memory(bytes) else { throw PKIFileError(.malformed, "out of memory") }
        OpenSSLErrors.clear()
        let key = withPassword(password) { d2i_PKCS8PrivateKey_bio(bio.pointer, nil, passwordCallback, $0) }
        guard let key else {
            throw PKIFileError(.wrongPassword, "\(path): cannot decrypt the PKCS#8 key with the password given (\(OpenSSLErrors.firstReason() ?? "unreadable"))")
        }
        return try material(EVPKeyHandle(pointer: key), wasEncrypted: true, encoding: "PKCS#8 (DER)")
    }

    /// The key's public description and its unencrypted PKCS#8 PEM.
    static func material(_ key: EVPKeyHandle, wasEncrypted: Bool, encoding: String,
                         alias: String? = nil) throws(PKIFileError) -> PrivateKeyMaterial {
        guard let bio = BIOHandle.empty(), PEM_write_bio_PKCS8PrivateKey(bio.pointer, key.pointer, nil, nil, 0, nil, nil) == 1 else {
            throw PKIFileError(.malformed, "OpenSSL cannot write the private key as PKCS#8 (\(OpenSSLErrors.firstReason() ?? "unknown"))")
        }
        return PrivateKeyMaterial(info: PrivateKeyInfo(publicKey: publicKeyInfo(key.pointer), wasEncrypted: wasEncrypted, encoding: encoding),
                                  alias: alias, unencryptedPEM: bio.text)
    }

    // MARK: PKCS#7

    /// The certificates of a DER PKCS#7 (signedData) bundle; nil when the bytes are not PKCS#7.
    static func pkcs7Certificates(_ bytes: [UInt8]) -> [Certificate]? {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.clear() }
        let parsed = bytes.withUnsafeBufferPointer { buffer -> UnsafeMutablePointer<PKCS7>? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PKCS7(nil, &cursor, buffer.count)
        }
        guard let parsed else { return nil }
        let owner = PKCS7Handle(pointer: OpaquePointer(parsed))
        return withExtendedLifetime(owner) {
            guard let stack = dvtool_PKCS7_certificates(parsed) else { return [] }
            return (0..<dvtool_sk_X509_num(stack)).compactMap { dvtool_sk_X509_value(stack, $0) }.map(certificate(from:))
        }
    }
}
