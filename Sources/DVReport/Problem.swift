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
    case quotedValue = "quoted-value"
    case rateLimited = "rate-limited"
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
