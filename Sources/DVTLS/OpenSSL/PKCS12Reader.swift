internal import COpenSSL
internal import DVOpenSSL
import Glibc

/// PKCS#12/PFX files bag by bag (not `PKCS12_parse`, which keeps one key and drops the friendly names):
/// every certificate and key, with its alias. Files from older tools (RC2-40 and 3DES, `openssl pkcs12 -legacy`,
/// Windows before 2019) need OpenSSL 3's legacy provider, loaded on demand.
enum PKCS12Reader {
    struct Contents {
        var certificates: [Certificate] = []
        var keys: [PrivateKeyMaterial] = []
        /// friendlyName by certificate SHA-256 fingerprint.
        var aliases: [String: String] = [:]
    }

    private static func parse(_ bytes: [UInt8]) -> PKCS12Handle? {
        PKCS12Handle.decode(bytes, d2i_PKCS12)
    }

    static func looksLikePKCS12(_ bytes: [UInt8]) -> Bool {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.clear() }
        return parse(bytes) != nil
    }

    static func read(_ bytes: [UInt8], password: String?, path: String) throws(PKIFileError) -> Contents {
        guard let p12 = parse(bytes) else { throw PKIFileError(.malformed, "\(path): damaged PKCS#12 file") }
        let secret = try workingPassword(p12, password, path: path)
        do {
            return try contents(p12, password: secret)
        } catch where LegacyProvider.mayHelp(error) {
            guard LegacyProvider.load() else {
                throw PKIFileError(.unsupported, "\(path) uses legacy algorithms (RC2/3DES) and OpenSSL's legacy provider (legacy.so) cannot be loaded: install libssl3's ossl-modules or set OPENSSL_MODULES")
            }
            do { return try contents(p12, password: secret) } catch {
                throw PKIFileError(.malformed, "\(path): cannot open the PKCS#12/PFX file (\(error.reason))")
            }
        } catch {
            throw PKIFileError(.malformed, "\(path): cannot open the PKCS#12/PFX file (\(error.reason))")
        }
    }

    /// The password the MAC verifies with: the one given, or for files protected with an empty password, NULL.
    private static func workingPassword(_ p12: PKCS12Handle, _ password: String?, path: String) throws(PKIFileError) -> String? {
        guard PKCS12_mac_present(p12.pointer) == 1 else { return password }
        let given = password ?? ""
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.clear() }
        if PKCS12_verify_mac(p12.pointer, given, Int32(given.utf8.count)) == 1 { return given }
        if given.isEmpty && PKCS12_verify_mac(p12.pointer, nil, 0) == 1 { return nil }
        if given.isEmpty {
            throw PKIFileError(.passwordRequired, "\(path) is a password-protected PKCS#12/PFX file: give its password (--password-file FILE, --password-env NAME, or at the prompt)")
        }
        throw PKIFileError(.wrongPassword, "\(path): wrong PKCS#12/PFX password (MAC verification failed)")
    }

    /// OpenSSL's reason for a failed step.
    struct Failure: Error { var reason: String }

    private static func contents(_ p12: PKCS12Handle, password: String?) throws(Failure) -> Contents {
        OpenSSLErrors.clear()
        guard let raw = PKCS12_unpack_authsafes(p12.pointer) else { throw failure() }
        let safes = PKCS7StackHandle(pointer: raw)
        defer { withExtendedLifetime(safes) {} }   // the PKCS7s below are borrowed from it
        var contents = Contents()
        for index in 0..<dvtool_sk_PKCS7_num(safes.pointer) {
            guard let p7 = dvtool_sk_PKCS7_value(safes.pointer, index) else { continue }
            let bags: OpaquePointer?
            switch dvtool_PKCS7_type(p7) {
            case NID_pkcs7_data: bags = PKCS12_unpack_p7data(p7)
            case NID_pkcs7_encrypted: bags = PKCS12_unpack_p7encdata(p7, password, Int32(password?.utf8.count ?? -1))
            default: continue
            }
            guard let bags else { throw failure() }
            let owned = SafeBagStackHandle(pointer: bags)
            try withExtendedLifetime(owned) { () throws(Failure) in try add(owned.pointer, password: password, to: &contents) }
        }
        return contents
    }

    private static func add(_ bags: OpaquePointer, password: String?, to contents: inout Contents) throws(Failure) {
        for index in 0..<dvtool_sk_PKCS12_SAFEBAG_num(bags) {
            guard let bag = dvtool_sk_PKCS12_SAFEBAG_value(bags, index) else { continue }
            let alias = friendlyName(bag)
            switch PKCS12_SAFEBAG_get_nid(bag) {
            case NID_certBag where PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate:
                guard let x509 = PKCS12_SAFEBAG_get1_cert(bag) else { throw failure() }
                let owned = X509Handle(pointer: x509)
                let certificate = withExtendedLifetime(owned) { X509Reader.certificate(from: owned.pointer) }
                contents.certificates.append(certificate)
                if let alias { contents.aliases[certificate.sha256Fingerprint] = alias }
            case NID_keyBag:
                guard let info = PKCS12_SAFEBAG_get0_p8inf(bag) else { throw failure() }
                contents.keys.append(try key(info, alias: alias))
            case NID_pkcs8ShroudedKeyBag:
                guard let info = PKCS12_decrypt_skey(bag, password, Int32(password?.utf8.count ?? -1)) else { throw failure() }
                let owned = PKCS8InfoHandle(pointer: info)
                contents.keys.append(try withExtendedLifetime(owned) { () throws(Failure) in try key(owned.pointer, alias: alias) })
            case NID_safeContentsBag:
                if let nested = PKCS12_SAFEBAG_get0_safes(bag) { try add(nested, password: password, to: &contents) }
            default:
                continue
            }
        }
    }

    private static func key(_ info: OpaquePointer, alias: String?) throws(Failure) -> PrivateKeyMaterial {
        guard let key = EVP_PKCS82PKEY(info) else { throw failure() }
        do { return try X509Reader.material(EVPKeyHandle(pointer: key), wasEncrypted: true, encoding: "PKCS#12", alias: alias) } catch {
            throw Failure(reason: error.description)
        }
    }

    private static func friendlyName(_ bag: OpaquePointer) -> String? {
        guard let name = PKCS12_get_friendlyname(bag) else { return nil }
        defer { dvtool_OPENSSL_free(name) }
        return String(cString: name)
    }

    private static func failure() -> Failure { Failure(reason: OpenSSLErrors.firstReason() ?? "unreadable") }
}

/// OpenSSL 3's legacy provider (RC2, RC4, DES, MD4...), loaded once, when a file needs it.
enum LegacyProvider {
    nonisolated(unsafe) private static var loaded: Bool?

    /// The failure looks like a missing algorithm rather than a damaged file.
    static func mayHelp(_ failure: PKCS12Reader.Failure) -> Bool {
        loaded == nil && (failure.reason.contains("unsupported") || failure.reason.contains("fetch") || failure.reason.contains("algorithm"))
    }

    /// Loads "legacy" and, since an explicit load turns off the implicit one, "default"; false when legacy.so is missing.
    static func load() -> Bool {
        if let loaded { return loaded }
        let legacy = OSSL_PROVIDER_load(nil, "legacy") != nil
        _ = OSSL_PROVIDER_load(nil, "default")
        OpenSSLErrors.clear()
        loaded = legacy
        return legacy
    }
}
