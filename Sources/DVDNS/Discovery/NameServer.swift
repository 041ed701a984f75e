/// A nameserver by name, with every address it resolved to.
public struct NameServer: Sendable, Hashable, Codable {
    public var name: DNSName
    public var addresses: [IPAddress]

    public init(name: DNSName, addresses: [IPAddress]) {
        self.name = name
        self.addresses = addresses
    }
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

    public init(zone: DNSName, parentNameServers: [DNSName], childNameServers: [DNSName], servers: [NameServer],
                discovery: Discovery, unresolvedServers: [DNSName: String]) {
        self.zone = zone
        self.parentNameServers = parentNameServers
        self.childNameServers = childNameServers
        self.servers = servers
        self.discovery = discovery
        self.unresolvedServers = unresolvedServers
    }
}
