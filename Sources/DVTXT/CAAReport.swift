import DVDNSSEC
import DVReport

/// What `caa` found: where the relevant CAA set is, and whether it lets the CA issue (JSON schema of `dvtool caa --json`).
public struct CAAReport: Sendable, Codable {
    public enum Decision: String, Sendable, Codable {
        case allowed
        case blocked
        /// A lookup failed: a CA treats that as blocking, but the records themselves are unknown.
        case lookupFailed = "lookup-failed"
    }

    public struct Step: Sendable, Codable, Hashable {
        public var name: String
        public var rcode: String?
        public var records: [String]
        public var cnames: [String]
        public var via: String
        public var error: String?
    }

    public var domain: String
    public var wildcard: Bool
    public var ca: CertificateAuthority
    public var accountURI: String?
    public var method: String?
    /// Each name asked while climbing towards the root.
    public var steps: [Step]
    /// The name whose CAA set is relevant, or nil when no CAA record exists up to the TLD.
    public var foundAt: String?
    public var relevantRecords: [String]
    /// The record that allows issuance, when one does.
    public var matchingRecord: String?
    public var decision: Decision
    public var reason: String
    public var problems: [Problem]
    /// The DNSSEC verdict of the CAA lookup at each name climbed; nil when DNSSEC was not checked.
    public var dnssec: [DNSSECSummary]? = nil

    /// A bogus CAA lookup is a failed lookup to the CA (BR 3.2.2.8.1): issuance is refused whatever the records say.
    mutating func attach(_ reports: [DNSSECReport]) {
        guard !reports.isEmpty else { return }
        dnssec = reports.map(\.summary)
        let added = reports.flatMap(\.problems)
        problems += added
        if let bogus = added.first(where: { $0.severity == .error }) {
            decision = .lookupFailed
            reason = bogus.message
        } else if let unknown = reports.first(where: { $0.verdict == .indeterminate }), decision == .allowed {
            // The CA's validating resolver cannot do better than dvtool here: a CAA lookup it cannot validate fails.
            decision = .lookupFailed
            reason = "DNSSEC could not be checked for the CAA lookup of \(unknown.name): \(unknown.decidingStep?.failure?.error.extraText ?? "no reply"); a CA treats a failed CAA lookup as forbidding issuance"
        }
    }
}
