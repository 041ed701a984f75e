// The accounturi values of dns-persist-01: the plain account URL (draft -00/-01) and draft-02's hashed URI.
import DVBasics
import DVCrypto
import DVMethod

extension PersistAccountURI {
    /// The plain account URL: what Boulder and Let's Encrypt staging compare byte for byte (draft -00/-01).
    public static func plain(_ account: ACMEAccountURL) -> PersistAccountURI {
        PersistAccountURI(form: .plain, value: account.url)
    }

    /// draft-ietf-acme-dns-persist-02 §4.1: `<accountHashPrefix>sha-256/<base64url(SHA-256(len ‖ domain ‖ key ‖ account URL))>`,
    /// `len` one octet, `domain` the validated FQDN (lower-case A-label, no trailing dot) or `*` for any domain,
    /// `key` the 43-character JWK thumbprint.
    /// - Throws: `TokenError.Code.invalidValue` for a prefix that is empty, or a domain over 255 octets.
    public static func hashed(prefix: String, domain: String?, thumbprint: String, account: ACMEAccountURL) throws(TokenError) -> PersistAccountURI {
        guard !prefix.isEmpty else { throw TokenError(.invalidValue, "the accountHashPrefix is empty: it is the directory's meta.accountHashPrefix") }
        let name = Array((domain.map { $0.lowercased().withoutTrailingDot } ?? "*").utf8)
        guard name.count <= 255 else { throw TokenError(.invalidValue, "\(domain ?? "") is too long to hash") }
        let input = [UInt8(name.count)] + name + Array(thumbprint.utf8) + Array(account.url.utf8)
        let digest: [UInt8]
        do { digest = try Digest.sha256(input) } catch { throw TokenError(error) }
        return PersistAccountURI(form: domain == nil ? .hashedAnyDomain : .hashed, value: prefix + "sha-256/" + Base64URL.encode(digest))
    }
}
