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

/// One link of the chain: a zone's keys (trusted through the DS at its parent), or the answer itself.
public struct DNSSECStep: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case zone, answer }

    public var kind: Kind
    public var zone: DNSName
    /// For `answer`: the name and type looked up (a CNAME's target gets a step of its own).
    public var name: DNSName?
    public var type: String?
    public var verdict: DNSSECVerdict
    /// The server whose reply was validated, and those that gave none.
    public var server: String?
    public var unreachable: [String] = []
    /// DS records at the parent ("5372 ECDSAP256SHA256 SHA-256"), the zone's keys, and the checked signatures.
    public var ds: [String] = []
    public var keys: [String] = []
    public var signatures: [String] = []
    /// What the answer or the proof of its absence was ("A 192.0.2.11", "NXDOMAIN proven by NSEC").
    public var result: String?
    public var failure: DNSSECFailure?
    public var warnings: [String] = []

    public init(kind: Kind, zone: DNSName, verdict: DNSSECVerdict) {
        self.kind = kind
        self.zone = zone
        self.verdict = verdict
    }

    /// The chain ends here, proven unsigned.
    mutating func end(insecure reason: String) {
        verdict = .insecure
        result = reason
    }

    /// The chain ends here, broken.
    mutating func end(bogus failure: DNSSECFailure) {
        verdict = .bogus
        self.failure = failure
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
