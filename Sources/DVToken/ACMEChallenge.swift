// ACMEChallenge: RFC 8555 key authorization, dns-01 / dns-account-01 TXT value and http-01 file from an account key and a token.
import DVCrypto
import DVDomain
import DVMethod

/// The ACME dns-01 (or dns-account-01) and http-01 responses for one challenge token.
public struct ACMEChallenge: Sendable, Equatable {
    public let domain: DomainInput
    /// dns-01, or dns-account-01 with `account` set: where the TXT record goes.
    public let method: ValidationMethod
    /// The account URL dns-account-01's label is computed from.
    public let account: ACMEAccountURL?
    /// dns-account-01's label (16 base32 characters, lower case, no underscore); nil for dns-01.
    public let accountLabel: String?
    public let token: String
    /// RFC 7638 thumbprint of the account key.
    public let thumbprint: String
    /// `token "." thumbprint` (RFC 8555 §8.1): the http-01 body.
    public let keyAuthorization: String
    /// base64url(SHA-256(keyAuthorization)), 43 characters: the dns-01 TXT value (RFC 8555 §8.4).
    public let dnsValue: String

    /// - Parameters:
    ///   - domain: the identifier; for `*.example.com` the TXT record is `_acme-challenge.example.com`.
    ///   - token: the challenge's `token`, as the CA sent it.
    ///   - thumbprint: the account key's RFC 7638 thumbprint (`PrivateKey.thumbprint`).
    ///   - account: for dns-account-01, the account URL; nil for dns-01.
    /// - Throws: `TokenError.Code.invalidToken` for a token that is not base64url.
    public init(domain: DomainInput, token: String, thumbprint: String, account: ACMEAccountURL? = nil) throws(TokenError) {
        try Self.checkToken(token)
        self.domain = domain
        self.account = account
        method = account == nil ? .dns01 : .dnsAccount01
        accountLabel = try account?.dnsAccountLabel()
        self.token = token
        self.thumbprint = thumbprint
        keyAuthorization = token + "." + thumbprint
        dnsValue = try Self.dnsValue(forKeyAuthorization: keyAuthorization)
    }

    /// The dns-01 TXT value of a key authorization: base64url(SHA-256(keyAuthorization)) (RFC 8555 §8.4).
    public static func dnsValue(forKeyAuthorization keyAuthorization: String) throws(TokenError) -> String {
        do { return Base64URL.encode(try Digest.sha256(Array(keyAuthorization.utf8))) } catch { throw TokenError(error) }
    }

    public init(domain: DomainInput, token: String, accountKey: PrivateKey, account: ACMEAccountURL? = nil) throws(TokenError) {
        try self.init(domain: domain, token: token, thumbprint: accountKey.thumbprint, account: account)
    }

    /// The dns-01 or dns-account-01 TXT record.
    public var record: PublishedRecord {
        PublishedRecord(name: domain.validationName(method, accountLabel: accountLabel), type: "TXT", value: dnsValue)
    }

    /// The http-01 file, or nil for a wildcard identifier (http-01 cannot validate wildcards).
    public var file: ValidationFile? {
        domain.isWildcard ? nil : ValidationFile(path: (ValidationMethod.http01.httpPathPrefix ?? "") + token, body: keyAuthorization)
    }

    /// Whether the token is shorter than the 128 bits RFC 8555 §8.3 requires (22 characters): probably cut off.
    public var tokenLooksShort: Bool { token.utf8.count < 22 }

    /// Tokens are base64url without padding (RFC 8555 §8.3): nothing else may go into a URL path or a file name.
    static func checkToken(_ token: String) throws(TokenError) {
        guard !token.isEmpty else { throw TokenError(.invalidToken, "the ACME token is empty") }
        do {
            _ = try Base64URL.decode(token)
        } catch {
            throw TokenError(.invalidToken, "the ACME token is not base64url: \(error.reason)")
        }
    }
}
