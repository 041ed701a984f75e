internal import COpenSSL
internal import DVOpenSSL
import FoundationEssentials

/// The roots a chain is verified against: the system store (OpenSSL's default paths) or a CA file.
public final class TrustStore: @unchecked Sendable {
    private let store: X509StoreHandle
    /// "system trust store" or the CA file's path.
    public let name: String

    private init(store: X509StoreHandle, name: String) {
        self.store = store
        self.name = name
    }

    /// OpenSSL's default locations (on Debian /etc/ssl/certs via /usr/lib/ssl).
    public static func system() -> TrustStore? {
        guard let pointer = X509_STORE_new() else { return nil }
        let store = X509StoreHandle(pointer: pointer)
        _ = X509_STORE_set_default_paths(pointer)
        _ = OpenSSLErrors.drain()
        return TrustStore(store: store, name: "the system trust store")
    }

    /// Only the certificates in a PEM file.
    public static func file(_ path: String) throws(PKIFileError) -> TrustStore {
        let file = try PKIFile.read(path: path)
        guard !file.certificates.isEmpty else {
            throw PKIFileError(.notPKI, "\(path): no certificate in the CA file")
        }
        guard let pointer = X509_STORE_new() else { throw PKIFileError(.malformed, "out of memory") }
        let store = X509StoreHandle(pointer: pointer)
        for certificate in file.certificates {
            if let handle = X509Handle.parse(certificate.der) { _ = X509_STORE_add_cert(pointer, handle.pointer) }
        }
        _ = OpenSSLErrors.drain()
        return TrustStore(store: store, name: path)
    }

    private func context(for leaf: X509Handle, untrusted: X509StackHandle?) -> X509StoreContextHandle? {
        guard let pointer = X509_STORE_CTX_new() else { return nil }
        let context = X509StoreContextHandle(pointer: pointer)
        guard X509_STORE_CTX_init(pointer, store.pointer, leaf.pointer, untrusted?.pointer) == 1 else { return nil }
        return context
    }

    /// A trusted certificate that issued `certificate` (for a root: itself when it is in the store).
    public func issuer(of certificate: Certificate) -> Certificate? {
        guard let leaf = X509Handle.parse(certificate.der), let context = context(for: leaf, untrusted: nil) else { return nil }
        var issuer: OpaquePointer?
        defer { _ = OpenSSLErrors.drain() }
        guard X509_STORE_CTX_get1_issuer(&issuer, context.pointer, leaf.pointer) == 1, let issuer else { return nil }
        let owned = X509Handle(pointer: issuer)
        return X509Reader.certificate(from: owned.pointer)
    }

    /// True when this exact certificate is one of the trusted roots.
    public func contains(_ certificate: Certificate) -> Bool {
        issuer(of: certificate)?.der == certificate.der
    }

    /// OpenSSL's full path validation for a TLS server certificate, with `intermediates` as untrusted helpers.
    public func verify(leaf: Certificate, intermediates: [Certificate], at date: Date? = nil) -> VerificationResult {
        guard let handle = X509Handle.parse(leaf.der) else {
            return VerificationResult(ok: false, error: "unparsable certificate", errorDepth: 0, chain: [])
        }
        let untrusted = X509StackHandle.make(intermediates.map(\.der))
        guard let context = context(for: handle, untrusted: untrusted) else {
            return VerificationResult(ok: false, error: "cannot set up verification", errorDepth: 0, chain: [])
        }
        _ = X509_STORE_CTX_set_purpose(context.pointer, X509_PURPOSE_SSL_SERVER)
        if let date { X509_STORE_CTX_set_time(context.pointer, 0, time_t(date.timeIntervalSince1970)) }
        let ok = X509_verify_cert(context.pointer) == 1
        let code = X509_STORE_CTX_get_error(context.pointer)
        let depth = Int(X509_STORE_CTX_get_error_depth(context.pointer))
        var chain: [Certificate] = []
        if let built = X509_STORE_CTX_get0_chain(context.pointer) {
            for index in 0..<dvtool_sk_X509_num(built) {
                if let member = dvtool_sk_X509_value(built, index) { chain.append(X509Reader.certificate(from: member)) }
            }
        }
        _ = OpenSSLErrors.drain()
        return VerificationResult(ok: ok, error: ok ? nil : String(cString: X509_verify_cert_error_string(Int(code))),
                                  errorDepth: depth, chain: chain)
    }
}

/// The outcome of OpenSSL's chain verification.
public struct VerificationResult: Sendable, Equatable {
    public var ok: Bool
    /// OpenSSL's reason, e.g. "unable to get local issuer certificate", "certificate has expired".
    public var error: String?
    public var errorDepth: Int
    /// The chain OpenSSL built, leaf first (up to where it stopped).
    public var chain: [Certificate]
}

extension Certificate {
    /// True when `issuer` issued this certificate: names (and key identifiers) match and the signature verifies.
    public func isIssued(by issuer: Certificate) -> Bool {
        guard let child = X509Handle.parse(der), let parent = X509Handle.parse(issuer.der) else { return false }
        defer { _ = OpenSSLErrors.drain() }
        guard X509_check_issued(parent.pointer, child.pointer) == X509_V_OK,
              let key = X509_get0_pubkey(parent.pointer) else { return false }
        return X509_verify(child.pointer, key) == 1
    }
}
