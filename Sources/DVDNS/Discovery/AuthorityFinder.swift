import DVBasics
import Synchronization

/// Finds the authoritative servers of the zone holding a name, by walking the delegation from the root
/// with RD=0 queries, as a CA's resolver would; falls back to recursive resolvers when the root is unreachable.
///
/// Zone cuts, zone authorities and server addresses are cached, so checking many names of one zone
/// costs one walk.
public actor AuthorityFinder {
    private let client: DNSClient
    private let rootCut: Cut
    private let rootServers: [NameServer]
    private let policy: QueryPolicy
    private let fallbackResolvers: [ServerAddress]
    private let families: AddressFamilies
    private var cuts: [DNSName: Cut] = [:]
    private var authorities: [DNSName: ZoneAuthority] = [:]
    /// Addresses the host's own zone gave (A and AAAA asked), merged with its glue: final for the run.
    private var addressCache: [DNSName: [IPAddress]] = [:]
    /// Referral glue by host: a parent's copy, usually without AAAA, so never taken as all of a host's addresses.
    private var glueAddresses: [DNSName: [IPAddress]] = [:]
    private var rootFailures: [String]?
    /// The zones and cuts above, readable without a hop onto this actor: every name of a bulk run looks here first,
    /// and an actor hop per name cost two task switches. Written beside `authorities` and `cuts`.
    private let known = Mutex<KnownZones>(KnownZones())

    private struct KnownZones {
        var authorities: [DNSName: ZoneAuthority] = [:]
        var cuts = Set<DNSName>()
    }

    private struct Cut: Sendable {
        let zone: DNSName
        let nameServers: [DNSName]
        let addresses: [ServerAddress]
    }

    private enum Step {
        case referral(Cut)
        case authoritative(apex: DNSName)
        /// `answered`: some server replied, but none usefully (a lame delegation rather than a network failure).
        case failed([String], answered: Bool)
    }

    private static let maximumDepth = 4

    public init(client: DNSClient, rootHints: RootHints, policy: QueryPolicy, fallbackResolvers: [ServerAddress],
                families: AddressFamilies = .both) {
        self.client = client
        self.rootCut = Cut(zone: .root, nameServers: rootHints.servers.map(\.name), addresses: rootHints.addresses)
        self.rootServers = rootHints.servers
        self.policy = policy
        self.fallbackResolvers = fallbackResolvers
        self.families = families
    }

    /// Nil when this check asks `ip`; otherwise why not (a family left out, or no route from this machine).
    private func exclusion(of ip: IPAddress) -> String? {
        if let chosen = families.exclusion(of: ip) { return chosen }
        guard let kernel = client.missingRoute(to: ip) else { return nil }
        return (ip.isIPv6 ? "no IPv6 route from this machine: " : "no route from this machine: ") + kernel
    }

    /// The addresses of `addresses` this check asks, in the order to ask them (answering, fast servers first; the
    /// first questions spread at random, not always the same two roots), and why the others are not asked. Left out
    /// before the order is set, so the last server asked gets the whole timeout (`QueryPolicy.asking`).
    private func askingOrder(_ addresses: [ServerAddress]) -> (servers: [ServerAddress], notAsked: [String]) {
        var asked: [ServerAddress] = []
        var notAsked: [String] = []
        for address in addresses {
            if let reason = exclusion(of: address.ip) { notAsked.append("\(address): \(reason)") } else { asked.append(address) }
        }
        return (client.preferredOrder(asked), notAsked)
    }

    /// Splits the servers' addresses into those asked and those left out; a zone none of whose addresses can be
    /// asked from here cannot be checked (not a fault of the zone).
    private func restrictToAskable(_ authority: ZoneAuthority) throws(DiscoveryError) -> ZoneAuthority {
        var restricted = authority
        restricted.servers = authority.servers.map { server in
            var kept: [IPAddress] = []
            for address in server.addresses {
                if let reason = exclusion(of: address) {
                    restricted.notAsked.append(NotAskedAddress(server: server.name, address: address, reason: reason,
                                                               leftOutByChoice: families.exclusion(of: address) != nil))
                } else {
                    kept.append(address)
                }
            }
            return NameServer(name: server.name, addresses: kept)
        }
        if !restricted.notAsked.isEmpty, restricted.servers.allSatisfy({ $0.addresses.isEmpty }) {
            throw .noServerAnswered(zone: authority.zone, failures: [restricted.notAskedSummary ?? ""])
        }
        return restricted
    }

    /// The zone that holds `name` (which need not exist) and all of its servers.
    public func authority(for name: DNSName) async throws(DiscoveryError) -> ZoneAuthority {
        let apex: DNSName
        let cut: Cut
        do {
            (apex, cut) = try await walk(to: name, depth: 0)
        } catch let error {
            if case .rootUnreachable = error, !fallbackResolvers.isEmpty {
                return try await authorityThroughResolvers(for: name)
            }
            throw error
        }
        if let known = authorities[apex] { return known }
        let parentNameServers = cut.zone == apex ? cut.nameServers : []
        let childNameServers = await apexNameServers(apex, asking: cut.addresses)
        let serverNames = unique(parentNameServers + childNameServers)
        // Each lookup's result travels with the name it was asked for: a server's addresses are those its own
        // name resolved to, whatever order the concurrent lookups finish in.
        let lookups = await withTaskGroup(of: (DNSName, Result<[IPAddress], DiscoveryError>).self) { group in
            for serverName in serverNames {
                group.addTask { (serverName, await self.addressLookup(of: serverName)) }
            }
            var byName: [DNSName: Result<[IPAddress], DiscoveryError>] = [:]
            for await (serverName, result) in group { byName[serverName] = result }
            return byName
        }
        var servers: [NameServer] = []
        var unresolved: [DNSName: String] = [:]
        for serverName in serverNames {
            switch lookups[serverName] {
            case let .success(addresses)?:
                servers.append(NameServer(name: serverName, addresses: addresses))
            case let .failure(error)?:
                unresolved[serverName] = error.description
                servers.append(NameServer(name: serverName, addresses: []))
            case nil:
                unresolved[serverName] = "the address lookup did not finish"
                servers.append(NameServer(name: serverName, addresses: []))
            }
        }
        let authority = try restrictToAskable(ZoneAuthority(zone: apex, parentNameServers: parentNameServers,
            childNameServers: childNameServers, servers: servers, discovery: .delegation, unresolvedServers: unresolved))
        authorities[apex] = authority
        known.withLock { $0.authorities[apex] = authority }
        return authority
    }

    /// The authority already found for the closest zone enclosing `name`, without asking anything;
    /// nil when no walk has reached that zone yet. A name below it may still sit in a deeper zone no walk has
    /// seen: the caller confirms with the servers' answers (`DNSMessage.comesFrom(zone:)`) and otherwise
    /// calls `authority(for:)`. This is how a bulk run asks one question per name and type instead of three.
    public nonisolated func knownAuthority(enclosing name: DNSName) -> ZoneAuthority? {
        known.withLock { known in
            var candidate = name
            while true {
                if let authority = known.authorities[candidate] { return authority }
                if known.cuts.contains(candidate) || candidate.isRoot { return nil }
                candidate = candidate.parent
            }
        }
    }

    /// Every A and AAAA address of a host, asked of the host's own zone servers.
    public func addresses(of host: DNSName) async throws(DiscoveryError) -> [IPAddress] {
        try await addresses(of: host, depth: 0)
    }

    private func addressLookup(of host: DNSName) async -> Result<[IPAddress], DiscoveryError> {
        do throws(DiscoveryError) {
            return .success(try await addresses(of: host, depth: 1))
        } catch {
            return .failure(error)
        }
    }

    private func addresses(of host: DNSName, depth: Int) async throws(DiscoveryError) -> [IPAddress] {
        if let known = addressCache[host] { return known }
        guard depth <= Self.maximumDepth else { throw .tooDeep(host) }
        let cut: Cut
        do {
            (_, cut) = try await walk(to: host, depth: depth)
        } catch {
            guard case .rootUnreachable = error, !fallbackResolvers.isEmpty else { throw error }
            let found = await addressesThroughResolvers(of: host)
            addressCache[host] = found
            return found
        }
        let servers = askingOrder(cut.addresses).servers
        async let v4 = Self.firstAuthoritativeAddresses(of: host, type: .a, asking: servers, client: client, policy: policy)
        async let v6 = Self.firstAuthoritativeAddresses(of: host, type: .aaaa, asking: servers, client: client, policy: policy)
        let found = await v4 + v6
        let merged = unique(found + (glueAddresses[host] ?? []))
        addressCache[host] = merged
        return merged
    }

    /// The host's addresses of one type from the first server (in `askingOrder`) that answers authoritatively.
    private static func firstAuthoritativeAddresses(of host: DNSName, type: RecordType, asking servers: [ServerAddress],
                                                    client: DNSClient, policy: QueryPolicy) async -> [IPAddress] {
        for (index, server) in servers.enumerated() {
            let exchange = await client.query(DNSQuery(name: host, type: type), server: server,
                                              policy: policy.asking(index, of: servers.count))
            guard let message = exchange.message, message.authoritative,
                  message.rcode == .noError || message.rcode == .nxDomain else { continue }
            return message.answer.filter { $0.name == host }.compactMap(\.address)
        }
        return []
    }

    private func walk(to name: DNSName, depth: Int) async throws(DiscoveryError) -> (apex: DNSName, cut: Cut) {
        if let failures = rootFailures { throw .rootUnreachable(failures: failures) }
        var cut = deepestKnownCut(above: name)
        for _ in 0..<32 {
            switch await ask(cut, about: name) {
            case let .authoritative(apex):
                return (apex, cut)
            case let .referral(child):
                var next = child
                if next.addresses.isEmpty {
                    var resolved: [ServerAddress] = []
                    for serverName in child.nameServers where depth < Self.maximumDepth {
                        let found = (try? await addresses(of: serverName, depth: depth + 1)) ?? []
                        resolved += found.map { ServerAddress(ip: $0) }
                    }
                    next = Cut(zone: child.zone, nameServers: child.nameServers, addresses: resolved)
                }
                guard !next.addresses.isEmpty else {
                    throw .noServerAnswered(zone: child.zone, failures: ["no address found for any of " +
                        child.nameServers.map(\.description).joined(separator: ", ")])
                }
                cuts[next.zone] = next
                known.withLock { _ = $0.cuts.insert(next.zone) }
                cut = next
            case let .failed(failures, answered):
                if cut.zone.isRoot, !answered {
                    rootFailures = failures
                    throw .rootUnreachable(failures: failures)
                }
                throw answered ? .lameDelegation(zone: cut.zone, failures: failures)
                    : .noServerAnswered(zone: cut.zone, failures: failures)
            }
        }
        throw .tooDeep(name)
    }

    private func deepestKnownCut(above name: DNSName) -> Cut {
        var candidate = name
        while !candidate.isRoot {
            if let cut = cuts[candidate] { return cut }
            candidate = candidate.parent
        }
        return rootCut
    }

    /// Asks the cut's servers one by one until one gives a referral or an authoritative answer.
    private func ask(_ cut: Cut, about name: DNSName) async -> Step {
        var answered = false
        let query = DNSQuery(name: name, type: .ns)
        let (servers, notAsked) = askingOrder(cut.addresses)
        var failures = notAsked
        for (index, server) in servers.enumerated() {
            let exchange = await client.query(query, server: server, policy: policy.asking(index, of: servers.count))
            guard let message = exchange.message else {
                failures.append(exchange.error.map(\.description) ?? "\(server): no answer")
                continue
            }
            // SERVFAIL is the server failing (a zone it could not load, a broken backend), not a server that does
            // not serve the zone: it names the question and the server, and never makes the zone lame.
            if message.rcode == .servFail {
                failures.append("\(server) answered SERVFAIL to \(name) NS (a server of \(cut.zone))")
                continue
            }
            answered = true
            guard message.rcode == .noError || message.rcode == .nxDomain else {
                failures.append("\(server) answered \(message.rcode) for \(cut.zone)")
                continue
            }
            if message.authoritative {
                // After a CNAME the SOA may belong to the target's zone: it names our apex only if it encloses the name.
                if let soa = message.authority.first(where: { $0.type == .soa }),
                   name.isSubdomain(of: soa.name), soa.name.isSubdomain(of: cut.zone) {
                    return .authoritative(apex: soa.name)
                }
                if message.answer.contains(where: { $0.type == .ns && $0.name == name }) { return .authoritative(apex: name) }
                return .authoritative(apex: cut.zone)
            }
            let delegation = message.authority.filter { $0.type == .ns }
            if let child = delegation.first?.name, child.labels.count > cut.zone.labels.count,
               name.isSubdomain(of: child), child.isSubdomain(of: cut.zone) {
                let nameServers = unique(delegation.filter { $0.name == child }.compactMap(\.target))
                let glue = message.additional.filter { record in
                    (record.type == .a || record.type == .aaaa) && nameServers.contains(record.name)
                }
                // Glue within the child zone is what the parent vouches for; concurrent walks bring the same glue.
                for record in glue where record.name.isSubdomain(of: child) {
                    if let address = record.address, !(glueAddresses[record.name]?.contains(address) ?? false) {
                        glueAddresses[record.name, default: []].append(address)
                    }
                }
                return .referral(Cut(zone: child, nameServers: nameServers,
                                     addresses: unique(glue.compactMap(\.address)).map { ServerAddress(ip: $0) }))
            }
            failures.append("\(server) is not authoritative for \(cut.zone) and gave no referral (lame)")
        }
        return .failed(failures, answered: answered)
    }

    /// The apex NS set from the first server that answers it authoritatively.
    private func apexNameServers(_ apex: DNSName, asking servers: [ServerAddress]) async -> [DNSName] {
        let query = DNSQuery(name: apex, type: .ns)
        let servers = askingOrder(servers).servers
        for (index, server) in servers.enumerated() {
            let exchange = await client.query(query, server: server, policy: policy.asking(index, of: servers.count))
            if let message = exchange.message, message.authoritative, message.rcode == .noError {
                return unique(message.answer.filter { $0.type == .ns && $0.name == apex }.compactMap(\.target))
            }
        }
        return []
    }

    /// Used when the root is unreachable: the closest enclosing NS set and its addresses, from resolvers.
    private func authorityThroughResolvers(for name: DNSName) async throws(DiscoveryError) -> ZoneAuthority {
        var failures: [String] = []
        var candidate = name
        if name.isRoot {
            // The root's own servers are the hints; none answered. A validator then fetches what it needs of the
            // root through the resolvers (ChainFetch), so the root's authority still exists, with what can be asked.
            let servers = rootServers.map { NameServer(name: $0.name, addresses: $0.addresses.filter { exclusion(of: $0) == nil }) }
            return ZoneAuthority(zone: .root, parentNameServers: [], childNameServers: rootCut.nameServers,
                                 servers: servers, discovery: .recursive, unresolvedServers: [:])
        }
        let lookup = RecursiveLookup(client: client, resolvers: fallbackResolvers, policy: policy)
        while !candidate.isRoot {
            switch await lookup.ask(candidate, type: .ns) {
            case let .unanswered(notes):
                failures += notes
            case let .answered(message, _):
                let nameServers = unique(message.answer.filter { $0.type == .ns && $0.name == candidate }.compactMap(\.target))
                if nameServers.isEmpty { break }
                var servers: [NameServer] = []
                for serverName in nameServers {
                    servers.append(NameServer(name: serverName, addresses: await addressesThroughResolvers(of: serverName)))
                }
                let authority = try restrictToAskable(ZoneAuthority(zone: candidate, parentNameServers: [],
                    childNameServers: nameServers, servers: servers, discovery: .recursive, unresolvedServers: [:]))
                authorities[candidate] = authority
                known.withLock { $0.authorities[candidate] = authority }
                return authority
            }
            candidate = candidate.parent
        }
        throw .rootUnreachable(failures: (rootFailures ?? []) + failures)
    }

    /// A host's A and AAAA addresses, each from the first resolver that answers (the root being unreachable).
    private func addressesThroughResolvers(of host: DNSName) async -> [IPAddress] {
        let lookup = RecursiveLookup(client: client, resolvers: fallbackResolvers, policy: policy)
        var found: [IPAddress] = []
        for type in [RecordType.a, .aaaa] {
            guard case let .answered(message, _) = await lookup.ask(host, type: type) else { continue }
            found += message.answer.filter { $0.name == host }.compactMap(\.address)
        }
        return unique(found)
    }
}
