import DVCAA
import DVDNSSEC
import DVReport

/// What `txt` found on every server (JSON schema of `dvtool txt --json`).
public struct TXTReport: Sendable, Codable {
    public typealias Status = CheckStatus

    public struct Row: Sendable, Codable, Hashable {
        public enum Verdict: String, Sendable, Codable {
            /// `cname`: the name is an alias into another zone, whose rows follow. `stale`: a resolver serves
            /// other values than the authoritative servers (an old cached answer).
            /// `rate-limited`: the server limits this client's queries; nothing is known about the name there.
            case ok, missing, nxdomain, nodata, lame, refused, servfail, unreachable, cname, stale
            case rateLimited = "rate-limited"

            /// Whether the row stands in the way of validation (a CNAME hop does not: its target's rows decide;
            /// a rate-limited row is not checked rather than failing).
            public var isFailing: Bool { self != .ok && self != .cname && self != .rateLimited }
        }

        public var name: String
        /// Nameserver name, or "resolver".
        public var server: String
        public var address: String
        public var rcode: String?
        public var authoritativeAnswer: Bool?
        /// Each TXT record's strings joined with no separator.
        public var values: [String]
        public var missing: [String]
        public var extra: [String]
        public var cnames: [String]
        public var ttl: UInt32?
        public var negativeTTL: UInt32?
        public var serial: UInt32?
        public var rttMilliseconds: Double
        public var error: String?
        public var verdict: Verdict
    }

    /// The name asked about, in A-label form.
    public var name: String
    /// Where the TXT records must be: the end of the CNAME chain.
    public var effectiveName: String
    public var zone: String?
    public var cnameChain: [String]
    public var expected: [String]
    public var authoritative: [Row]
    public var recursive: [Row]
    /// Why the resolvers were not asked, when they were not.
    public var recursiveSkipped: String?
    public var problems: [Problem]
    public var caa: CAAReport?
    public var status: Status
    /// The DNSSEC verdict of the TXT lookup the CA makes; nil when DNSSEC was not checked.
    public var dnssec: [DNSSECSummary]? = nil
    /// `txt --persist`: the dns-persist-01 records judged as the CA judges them; nil otherwise.
    public var persist: PersistReport? = nil

    /// `txt --ca`: the CAA check rides along and counts, so the report says "submit" only when the records are
    /// in place and the CA may issue.
    public mutating func include(_ caaReport: CAAReport) {
        caa = caaReport
        status = .combining([status, caaReport.status])
    }
}

extension TXTReport: DNSSECCheckedReport {}
