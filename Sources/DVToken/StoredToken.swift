// StoredToken: one generated value as the token store keeps it, for `dvtool serve` and later checks.
import FoundationEssentials

/// How a stored value is proven to the CA.
public enum TokenMethod: String, Sendable, Codable {
    /// A TXT record (generic / DigiCert / Alibaba random value).
    case dnsTXT = "dns-txt"
    /// A CNAME record (Sectigo).
    case dnsCNAME = "dns-cname"
    /// A file under `/.well-known/pki-validation/` (DigiCert `fileauth.txt`, Sectigo `<MD5>.txt`).
    case httpFile = "http-file"
    /// ACME dns-01: TXT at `_acme-challenge.`.
    case acmeDNS01 = "acme-dns-01"
    /// ACME dns-account-01: TXT at `_<account label>._acme-challenge.`.
    case acmeDNSAccount01 = "acme-dns-account-01"
    /// dns-persist-01: the standing TXT at `_validation-persist.`; it has no age limit (persistUntil is its own).
    case dnsPersist = "dns-persist"
    /// ACME http-01: `/.well-known/acme-challenge/<token>`.
    case acmeHTTP01 = "acme-http-01"

    /// Whether the value is served over HTTP (then `path` and `body` are set).
    public var isFile: Bool { self == .httpFile || self == .acmeHTTP01 }
}

/// One generated value: the domain, how it is published, and when it was made.
public struct StoredToken: Sendable, Equatable, Codable {
    /// The domain in ASCII, e.g. `example.com` or `*.example.com`.
    public var domain: String
    public var method: TokenMethod
    /// The style it was made for: `generic`, `digicert`, `alibaba`, `acme` or `sectigo`.
    public var ca: String
    /// The TXT value, CNAME target or file content's key value (random value, key authorization, SHA-256).
    public var value: String
    /// For DNS methods: the record's owner name with the trailing dot.
    public var record: String?
    /// For file methods: the URL path from `/`, e.g. `/.well-known/pki-validation/fileauth.txt`.
    public var path: String?
    /// For file methods: the exact body to serve.
    public var body: String?
    public var created: Date

    public init(domain: String, method: TokenMethod, ca: String, value: String, record: String? = nil,
                path: String? = nil, body: String? = nil, created: Date) {
        self.domain = domain
        self.method = method
        self.ca = ca
        self.value = value
        self.record = record
        self.path = path
        self.body = body
        self.created = created
    }

    /// Random values and tokens are not to be used after 30 days (BR 3.2.2.4.7, 3.2.2.4.18, 3.2.2.4.19).
    public static let maximumAge: TimeInterval = 30 * 86_400

    public func age(at now: Date = Date()) -> TimeInterval { now.timeIntervalSince(created) }

    /// Older than `maximumAge`: a CA will no longer accept it. A dns-persist-01 record is meant to stay.
    public func isStale(at now: Date = Date()) -> Bool { method != .dnsPersist && age(at: now) > Self.maximumAge }

    /// The host the file is served for (the domain without `*.`, which file methods never have).
    public var host: String { domain.hasPrefix("*.") ? String(domain.dropFirst(2)) : domain }

    /// What makes two entries the same slot: a new value for it replaces the old one only with `--force`.
    var slot: String { [domain, method.rawValue, path ?? record ?? ""].joined(separator: " ") }
}
