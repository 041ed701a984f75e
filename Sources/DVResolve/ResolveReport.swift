import DVDNSSEC
import DVReport
import DVDNS

/// Everything `resolve` observed for one name: the JSON schema of `dvtool resolve --json`.
public struct ResolveReport: Sendable, Codable {
    public typealias Status = CheckStatus

    /// The name as checked, fully qualified, in A-label form.
    public var name: String
    /// The zone holding the name, or nil when discovery failed.
    public var zone: String?
    public var discovery: ZoneAuthority.Discovery?
    public var expected: [String]
    public var nameservers: [NameServerReport]
    /// One row per authoritative server address and record type (and per zone along a CNAME chain).
    public var authoritative: [ServerAnswer]
    /// One row per recursive resolver and record type.
    public var recursive: [ServerAnswer]
    /// The CNAME chain from the name to the final target, as the authoritative servers serve it.
    public var cnameChain: [String]
    /// The longest TTL among the authoritative answers: how long resolvers may keep an old answer.
    public var maximumTTL: UInt32?
    public var problems: [Problem]
    public var status: Status
    /// DNSSEC verdicts per type; nil when DNSSEC was not checked.
    public var dnssec: [DNSSECSummary]? = nil
}

public struct NameServerReport: Sendable, Codable, Hashable {
    public var name: String
    public var addresses: [String]
    /// Listed in the parent zone's delegation.
    public var inParent: Bool
    /// Listed in the zone's own apex NS set.
    public var inChild: Bool
    /// The zone's SOA serial as served by each address (address → serial); absent when it did not answer.
    public var serials: [String: UInt32]
}

public struct ServerAnswer: Sendable, Codable, Hashable {
    public enum Verdict: String, Sendable, Codable {
        /// `stale`: a resolver answers differently from the authoritative servers (an old cached answer).
        /// `rate-limited`: the server limits this client's queries, so nothing is known about the name there.
        case ok, mismatch, nxdomain, nodata, lame, refused, servfail, unreachable, loop, stale
        case rateLimited = "rate-limited"

        /// Whether the row stands in the way of validation. NODATA alone is fine (a name with A records only
        /// has no AAAA); when no server has any address the judge reports it as a problem of the name.
        public var isFailing: Bool { self != .ok && self != .nodata && self != .rateLimited }

        /// The server answered for the name (whatever the answer): its row says what a CA asking it gets.
        public var isAnswer: Bool { [.ok, .mismatch, .nodata, .nxdomain].contains(self) }
    }

    /// The name asked (differs from the report's name for rows along a CNAME chain).
    public var name: String
    /// Nameserver name, or "resolver" for a recursive resolver.
    public var server: String
    public var address: String
    public var type: String
    public var rcode: String?
    public var authoritativeAnswer: Bool?
    /// Final addresses after following CNAMEs within the answer.
    public var addresses: [String]
    public var cnames: [String]
    public var ttl: UInt32?
    /// For NXDOMAIN and NODATA: how long resolvers may cache the negative answer (RFC 2308).
    public var negativeTTL: UInt32?
    /// The zone's SOA serial as this server answered it (authoritative rows only).
    public var serial: UInt32?
    public var rttMilliseconds: Double
    public var transport: String
    public var error: String?
    public var verdict: Verdict
}

extension ResolveReport: DNSSECCheckedReport {}

extension ResolveReport {
    /// The addresses the authoritative servers serve (those that answered, agreeing or not), each once, sorted.
    public var servedAddresses: [IPAddress] {
        let rows = authoritative.filter { $0.verdict == .ok || $0.verdict == .mismatch }
        var seen = Set<IPAddress>()
        return rows.flatMap(\.addresses).compactMap { IPAddress($0) }.filter { seen.insert($0).inserted }.sorted()
    }
}
