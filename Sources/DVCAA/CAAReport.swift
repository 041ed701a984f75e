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
    /// ok: the CA may issue; problem: the records (or DNSSEC) refuse; error: a lookup failed, so it could not be
    /// checked (a CA whose lookup fails refuses too, but that may be this network's outage).
    public var status: CheckStatus
    /// The DNSSEC verdict of the CAA lookup at each name climbed; nil when DNSSEC was not checked.
    public var dnssec: [DNSSECSummary]? = nil

    /// The one rule (`CheckStatus.judge`): a blocking set fails, a failed lookup is unchecked, a DNSSEC error fails.
    func judged() -> CheckStatus {
        .judge(problems: problems.filter { $0.code != .caaBlocks },
               failingRows: decision == .blocked ? 1 : 0, uncheckedRows: decision == .lookupFailed ? 1 : 0)
    }

    /// At most `shown` records, then how many more: a set of a thousand records stays one readable line.
    public static func summary(of records: [String], shown: Int = 8, separator: String = "; ") -> String {
        guard records.count > shown else { return records.joined(separator: separator) }
        return records.prefix(shown).joined(separator: separator) + "\(separator)… and \(records.count - shown) more (\(records.count) records)"
    }

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
