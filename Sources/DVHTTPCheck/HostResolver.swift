import DVBasics
import DVDNS

/// Looks up a host's addresses for the check.
public protocol HostResolver: Sendable {
    func resolve(_ host: String) async -> Resolution
}

/// A and AAAA through recursive resolvers, each from the first that recurses and answers NOERROR or NXDOMAIN
/// (`RecursiveLookup`: a server that does not recurse is refused with a note). An address literal (a redirect to
/// `http://192.0.2.7/`) is its own answer.
public struct DNSHostResolver: HostResolver {
    public let lookup: RecursiveLookup
    public let reservedAddresses: ReservedAddressHandling

    public init(client: DNSClient, resolvers: [ServerAddress], policy: QueryPolicy, reservedAddresses: ReservedAddressHandling) {
        lookup = RecursiveLookup(client: client, resolvers: resolvers, policy: policy)
        self.reservedAddresses = reservedAddresses
    }

    public func resolve(_ host: String) async -> Resolution {
        if let literal = IPAddress(host) { return keepingUsable(Resolution(literal: literal)) }
        let name: DNSName
        do { name = try DNSName(host) } catch { return Resolution(error: error.description) }
        guard !lookup.resolvers.isEmpty else { return Resolution(error: "no recursive resolver configured (give --resolver)") }
        async let six = lookup.ask(name, type: .aaaa)
        async let four = lookup.ask(name, type: .a)
        switch await (six, four) {
        case let (.answered(m6, server), .answered(m4, _)):
            var resolution = Resolution(resolver: "\(server)")
            resolution.aaaa = m6.answer.filter { $0.type == .aaaa }.compactMap { $0.address?.description }
            resolution.a = m4.answer.filter { $0.type == .a }.compactMap { $0.address?.description }
            var cnames: [String] = []
            for record in m4.answer + m6.answer where record.type == .cname {
                if let target = record.target?.description, !cnames.contains(target) { cnames.append(target) }
            }
            resolution.cnames = cnames
            if m4.rcode == .nxDomain || m6.rcode == .nxDomain { resolution.rcode = "NXDOMAIN" }
            return keepingUsable(resolution)
        case let (.unanswered(notes), _), let (_, .unanswered(notes)):
            return Resolution(error: notes.joined(separator: "; "))
        }
    }

    /// The answer a public CA works with: reserved addresses moved out of `a`/`aaaa` into `reserved`.
    func keepingUsable(_ resolution: Resolution) -> Resolution {
        guard reservedAddresses == .dropAsPublicCAsDo else { return resolution }
        var resolution = resolution
        var reserved: [ReservedAddress] = []
        func usable(_ text: String) -> Bool {
            guard let block = IPAddress(text)?.specialPurpose else { return true }
            reserved.append(ReservedAddress(address: text, block: block.block, reason: block.label))
            return false
        }
        resolution.aaaa = resolution.aaaa.filter(usable)
        resolution.a = resolution.a.filter(usable)
        if !reserved.isEmpty { resolution.reserved = reserved }
        return resolution
    }
}

extension Resolution {
    /// A host that is an address literal: the address is the whole answer.
    init(literal: IPAddress) {
        self.init(resolver: "address literal")
        if literal.isIPv6 { aaaa = [literal.description] } else { a = [literal.description] }
    }
}

/// An address of the answer that a public CA drops (see `ReservedAddressHandling`).
public struct ReservedAddress: Sendable, Codable, Equatable {
    public var address: String
    /// The special-purpose block it is in, e.g. `10.0.0.0/8`.
    public var block: String
    /// IANA's name and the RFC, e.g. `Private-Use, RFC 1918`.
    public var reason: String
}
