import DVDNS
import DVReport

/// What a validator concludes for a name (RFC 4033 §5): the four states CAs act on.
public enum DNSSECVerdict: String, Sendable, Codable {
    /// A chain of signatures from the trust anchor to the answer (or to the proof that it does not exist).
    case secure
    /// Proven unsigned: a delegation without DS (proven by NSEC/NSEC3), or only algorithms validators cannot check.
    case insecure
    /// Signed but broken: every CA refuses ("DNSSEC: …" in Let's Encrypt's words).
    case bogus
    /// Servers needed for the chain could not be asked: no verdict.
    case indeterminate
}

/// Why a step is bogus or indeterminate, named by its RFC 8914 extended error as validating resolvers send it.
public struct DNSSECFailure: Error, Sendable, Codable, Hashable {
    public var error: ExtendedDNSError
    /// What a user does about it.
    public var fix: String

    public init(code: UInt16, detail: String, fix: String) {
        error = ExtendedDNSError(code: code, extraText: detail)
        self.fix = fix
    }
}

/// The whole chain for one name and type, as `dvtool dnssec` prints it and the other checks summarise it.
public struct DNSSECReport: Sendable, Codable {
    public var name: DNSName
    public var type: String
    /// The moment validated against, `--at` or now (ISO 8601 UTC in JSON).
    public var validatedAt: ValidationMoment
    public var verdict: DNSSECVerdict
    public var steps: [DNSSECStep]
    public var problems: [Problem]
    public var status: CheckStatus

    /// The step that decided a non-secure verdict.
    public var decidingStep: DNSSECStep? { steps.first { $0.verdict != .secure } }
}
