/// Something a user has to fix (severity `error`) or should know (`warning`), found by a check. The JSON of
/// every report carries these as `{code, severity, message}`.
public struct Problem: Sendable, Codable, Hashable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var code: ProblemCode
    public var severity: Severity
    public var message: String

    public init(code: ProblemCode, severity: Severity, message: String) {
        self.code = code
        self.severity = severity
        self.message = message
    }
}

/// The stable problem codes of every check, as JSON and the README list them.
public enum ProblemCode: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case aaaaMismatch = "aaaa-mismatch"
    case caaBlocks = "caa-blocks"
    case caaLookupFailed = "caa-lookup-failed"
    case cnameLoop = "cname-loop"
    case discoveryFailed = "discovery-failed"
    case dnssecBogus = "dnssec-bogus"
    case dnssecExpiring = "dnssec-expiring"
    case dnssecIndeterminate = "dnssec-indeterminate"
    case dnssecUnusable = "dnssec-unusable"
    case discoveryFallback = "discovery-fallback"
    case doubledLabel = "doubled-label"
    case lameDelegation = "lame-delegation"
    case lameServer = "lame-server"
    case nodata = "nodata"
    case notCheckedFromHere = "not-checked-from-here"
    case nsMismatch = "ns-mismatch"
    case nxdomain = "nxdomain"
    /// dns-persist-01: the record names another account (or the other accounturi form).
    case persistAccountMismatch = "persist-account-mismatch"
    /// dns-persist-01: persistUntil has passed at the validation time (or, as a warning, passes within 10 days).
    case persistExpired = "persist-expired"
    /// dns-persist-01: the CA's record is malformed by its parser.
    case persistMalformed = "persist-malformed"
    /// dns-persist-01: a wildcard without policy=wildcard.
    case persistWildcardPolicy = "persist-wildcard-policy"
    /// dns-persist-01: records only for other issuers (a misspelt issuer domain among them).
    case persistWrongIssuer = "persist-wrong-issuer"
    case quotedValue = "quoted-value"
    case rateLimited = "rate-limited"
    /// The name answers reserved addresses (private, loopback, …), which public CAs never connect to.
    case reservedAddress = "reserved-address"
    case resolverDiffers = "resolver-differs"
    case resolverServfail = "resolver-servfail"
    case resolverStale = "resolver-stale"
    case resolverUnreachable = "resolver-unreachable"
    case serialsDiffer = "serials-differ"
    case serversDisagree = "servers-disagree"
    case staleValue = "stale-value"
    case txtMissing = "txt-missing"
    case unexpectedAddress = "unexpected-address"
    case unreachableServer = "unreachable-server"
    case whitespaceValue = "whitespace-value"
    case wildcardCapture = "wildcard-capture"

    /// The code as reports print it: `resolver-stale`.
    public var description: String { rawValue }
}
