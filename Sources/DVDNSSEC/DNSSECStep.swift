import DVDNS

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
