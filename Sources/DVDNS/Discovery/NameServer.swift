import DVBasics

/// A nameserver by name, with every address it resolved to.
public struct NameServer: Sendable, Hashable, Codable {
    public var name: DNSName
    public var addresses: [IPAddress]
}

/// The servers responsible for a zone, as the delegation walk found them.
public struct ZoneAuthority: Sendable {
    public enum Discovery: String, Sendable, Codable {
        /// Walked down from the root hints, asking each server directly.
        case delegation
        /// The root could not be reached; the NS set came from recursive resolvers.
        case recursive
    }

    public var zone: DNSName
    /// The NS set in the parent zone's referral (empty when discovered through a resolver).
    public var parentNameServers: [DNSName]
    /// The NS set the zone itself serves at its apex, as the first answering server gave it.
    public var childNameServers: [DNSName]
    /// Every NS name of either set, with all its A and AAAA addresses.
    public var servers: [NameServer]
    public var discovery: Discovery
    /// Names of servers whose addresses could not be found, with the reason.
    public var unresolvedServers: [DNSName: String]
    /// Addresses of these servers this check does not ask (left out of `servers`): no route from this machine, or
    /// a family left out by choice. A CA still asks them.
    public var notAsked: [NotAskedAddress] = []

    public init(zone: DNSName, parentNameServers: [DNSName], childNameServers: [DNSName], servers: [NameServer],
                discovery: Discovery, unresolvedServers: [DNSName: String]) {
        self.zone = zone
        self.parentNameServers = parentNameServers
        self.childNameServers = childNameServers
        self.servers = servers
        self.discovery = discovery
        self.unresolvedServers = unresolvedServers
    }

    /// What a report says about how these servers were found and asked: that the root was out of reach (servers
    /// found through resolvers), and which addresses were not asked from here. Warnings, not verdicts.
    public var discoveryNotes: [(fallback: Bool, text: String)] {
        var notes: [(fallback: Bool, text: String)] = []
        if discovery == .recursive {
            notes.append((true, "the root servers did not answer from here (outbound port 53 blocked?); the NS set of \(zone) "
                + "came from recursive resolvers, so a lame or stale delegation at the parent is not seen"))
        }
        if let notAskedSummary { notes.append((false, notAskedSummary)) }
        return notes
    }

    /// The one line a report carries about `notAsked`, or nil when every address was asked.
    public var notAskedSummary: String? {
        guard !notAsked.isEmpty else { return nil }
        let reasons = unique(notAsked.map(\.reason))
        let listing = notAsked.map { "\($0.server) (\($0.address))" }.joined(separator: ", ")
        let family = Set(notAsked.map(\.address.isIPv6))
        let what = family == [true] ? "IPv6 addresses" : family == [false] ? "IPv4 addresses" : "addresses"
        let chosen = notAsked.allSatisfy(\.leftOutByChoice)
        return "\(what) of \(zone) not checked from here (\(reasons.joined(separator: "; "))): \(listing); a CA asks them too"
            + (chosen ? "" : ": check them from a machine that reaches them before relying on this verdict")
    }
}

/// A nameserver address left out of a check, and why.
public struct NotAskedAddress: Sendable, Hashable {
    public var server: DNSName
    public var address: IPAddress
    public var reason: String
    /// Left out by `-4`/`-6` rather than for want of a route.
    public var leftOutByChoice: Bool
}
