import DVBasics
import DVReport
import DVDNS
import DVDNSSEC
import Synchronization

/// Checks where a name points, as every authoritative server and the given recursive resolvers see it.
public struct ResolveChecker: Sendable {
    public var finder: AuthorityFinder
    public var client: DNSClient
    public var resolvers: [ServerAddress]
    public var policy: QueryPolicy
    public var types: [RecordType]
    /// Validates each type's answer beside the server checks; nil leaves DNSSEC out (bulk runs).
    public var dnssec: DNSSECValidator?
    private let serials: SerialCache

    public init(client: DNSClient, finder: AuthorityFinder, resolvers: [ServerAddress], policy: QueryPolicy,
                types: [RecordType] = [.a, .aaaa], dnssec: DNSSECValidator? = nil) {
        self.dnssec = dnssec
        self.client = client
        self.finder = finder
        self.resolvers = resolvers
        self.policy = policy
        self.types = types
        self.serials = SerialCache(client: client, policy: policy)
    }

    public func check(_ name: DNSName, expected: [IPAddress] = []) async -> ResolveReport {
        // A bulk run has no validator: no child task per name for a validation that is not asked for.
        guard let dnssec else { return await checkServers(name, expected: expected) }
        async let validated = dnssec.validate(types.map { (name, $0) })
        var report = await checkServers(name, expected: expected)
        report.attach(await validated)
        return report
    }

    /// Everything but DNSSEC: the delegation, the authoritative rows, the resolvers' rows and their verdicts.
    private func checkServers(_ name: DNSName, expected: [IPAddress]) async -> ResolveReport {
        var report = ResolveReport(name: name.description, zone: nil, discovery: nil, expected: expected.map(\.description),
                                   nameservers: [], authoritative: [], recursive: [], cnameChain: [], maximumTTL: nil,
                                   problems: [], status: .ok)
        let authority: ZoneAuthority
        let prefetched: [ServerAnswer]?
        do {
            (authority, prefetched) = try await locate(name, expected: expected)
        } catch {
            if case .lameDelegation = error {
                report.problems.append(Problem(code: .lameDelegation, severity: .error, message: error.description))
                report.status = .problem
            } else {
                report.problems.append(Problem(code: .discoveryFailed, severity: .error, message: error.description))
                report.status = .error
            }
            return report
        }
        report.zone = authority.zone.description
        report.discovery = authority.discovery
        let finalRows: [ServerAnswer]
        if resolvers.isEmpty {
            finalRows = await checkAuthoritative(&report, name: name, authority: authority, prefetched: prefetched, expected: expected)
        } else {
            // Resolver answers are independent of the authoritative rows: ask both at once.
            async let recursiveRows = queryResolvers(name, expected: expected)
            finalRows = await checkAuthoritative(&report, name: name, authority: authority, prefetched: prefetched, expected: expected)
            report.recursive = await recursiveRows
        }
        report.problems += RowJudge.judgeResolvers(&report.recursive, authoritative: finalRows, maximumTTL: report.maximumTTL)
        report.status = .judge(problems: report.problems,
                               // A resolver that does not answer from here says nothing about the name: not checked.
                               failingRows: (report.authoritative + report.recursive.filter { $0.verdict != .unreachable })
                                   .filter(\.verdict.isFailing).count,
                               uncheckedRows: report.authoritative.filter { $0.verdict == .rateLimited }.count
                                   + report.recursive.filter { $0.verdict == .unreachable }.count,
                               anyServerAnswered: report.authoritative.contains { $0.rcode != nil })
        return report
    }

    /// Fills the nameserver, authoritative, CNAME-chain and TTL parts of `report`, following the chain
    /// across zones; returns the rows of the chain's last zone.
    private func checkAuthoritative(_ report: inout ResolveReport, name: DNSName, authority: ZoneAuthority,
                                    prefetched: [ServerAnswer]?, expected: [IPAddress]) async -> [ServerAnswer] {
        let zoneSerials = await serials.serials(of: authority)
        report.nameservers = Self.nameserverReports(authority, serials: zoneSerials)
        report.problems += Self.delegationProblems(authority, serials: zoneSerials)

        var currentName = name
        var currentAuthority = authority
        var currentSerials = zoneSerials
        var finalRows: [ServerAnswer] = []
        var first = prefetched
        var chase = CNAMEChase(from: name)
        chasing: while true {
            let answers = if let first { first } else {
                await queryAuthoritative(currentName, authority: currentAuthority, expected: expected).map(\.row)
            }
            first = nil
            let serialByAddress = Dictionary(currentSerials.map { ($0.key.description, $0.value) }) { kept, _ in kept }
            let rows = answers.map { row in
                var row = row
                row.serial = serialByAddress[row.address]
                return row
            }
            report.authoritative += rows
            finalRows = rows
            guard let leader = rows.first(where: { !$0.cnames.isEmpty && $0.verdict != .loop }) else { break }
            let step = chase.follow(leader.cnames.compactMap { try? DNSName($0) })
            // The chain as reported lists each name once; a loop shows as the chain stopping.
            report.cnameChain = unique(chase.chain.filter { $0 != name }).map(\.description)
            if rows.contains(where: { $0.verdict == .loop }) { break }
            // A loop across zones shows in no single answer: resolvers answer SERVFAIL, so the CA fails.
            guard case let .next(target) = step else {
                report.problems.append(Problem(code: .cnameLoop, severity: .error, message: chase.stopReason(step) ?? ""))
                break chasing
            }
            // A target inside this zone's name space may sit in a delegated sub-zone (acme-dns style): the
            // server answered the CNAME alone, so the chain goes on wherever the delegation walk finds it.
            guard leader.addresses.isEmpty, leader.rcode == ResponseCode.noError.description else { break }
            do {
                currentAuthority = try await finder.authority(for: target)
            } catch {
                report.problems.append(Problem(code: .discoveryFailed, severity: .error,
                                               message: "CNAME target \(target): \(error.description)"))
                break
            }
            currentSerials = await serials.serials(of: currentAuthority)
            currentName = target
        }
        // A chain that stopped on a hop (discovery of the next zone failed, a loop) never reached an address:
        // its rows must not read as an answer.
        if let hop = finalRows.first(where: { !$0.cnames.isEmpty && $0.addresses.isEmpty && $0.verdict == .ok }),
           !report.problems.contains(where: { $0.severity == .error }) {
            report.problems.append(Problem(code: .cnameLoop, severity: .error,
                message: "the CNAME chain of \(hop.name) could not be followed to an address (it stops at \(hop.cnames.last ?? "?"))"))
        }
        report.problems += RowJudge(rows: report.authoritative, finalRows: finalRows, expected: expected,
                                    chain: report.cnameChain).problems()
        report.maximumTTL = report.authoritative.compactMap(\.ttl).max()
        return finalRows
    }

    /// The zone's authority and, when a walk already found the enclosing zone, the first answers, which also
    /// confirm that zone: one question per server and type instead of a delegation walk per name.
    private func locate(_ name: DNSName, expected: [IPAddress]) async throws(DiscoveryError) -> (ZoneAuthority, [ServerAnswer]?) {
        if let known = finder.knownAuthority(enclosing: name) {
            let answers = await queryAuthoritative(name, authority: known, expected: expected)
            if answers.allSatisfy(\.fromZone) { return (known, answers.map(\.row)) }
        }
        return (try await finder.authority(for: name), nil)
    }

    /// A row, and whether its server answered from the zone asked about (a failed exchange says nothing against it).
    private struct AuthoritativeAnswer: Sendable {
        var row: ServerAnswer
        var fromZone: Bool
    }

    private func queryAuthoritative(_ name: DNSName, authority: ZoneAuthority, expected: [IPAddress]) async -> [AuthoritativeAnswer] {
        var batch: [(query: DNSQuery, server: ServerAddress)] = []
        var serverNames: [String] = []
        for server in authority.servers {
            for address in server.addresses {
                for type in types {
                    batch.append((DNSQuery(name: name, type: type), ServerAddress(ip: address)))
                    serverNames.append(server.name.description)
                }
            }
        }
        let exchanges = await client.query(batch, policy: policy)
        return zip(exchanges, serverNames).map { exchange, serverName in
            let row = ServerAnswer(exchange, server: serverName, zone: authority.zone, authoritativeCheck: true, expected: expected)
            return AuthoritativeAnswer(row: row, fromZone: exchange.message?.comesFrom(zone: authority.zone) ?? true)
        }
    }

    private func queryResolvers(_ name: DNSName, expected: [IPAddress]) async -> [ServerAnswer] {
        let batch = resolvers.flatMap { resolver in
            types.map { type in (query: DNSQuery(name: name, type: type, recursionDesired: true), server: resolver) }
        }
        return await client.query(batch, policy: policy).map { exchange in
            ServerAnswer(exchange, server: "resolver", zone: nil, authoritativeCheck: false, expected: expected)
        }
    }

    private static func nameserverReports(_ authority: ZoneAuthority, serials: [ServerAddress: UInt32]) -> [NameServerReport] {
        authority.servers.map { server in
            var bySerial: [String: UInt32] = [:]
            for address in server.addresses {
                if let serial = serials[ServerAddress(ip: address)] { bySerial[address.description] = serial }
            }
            return NameServerReport(name: server.name.description, addresses: server.addresses.map(\.description),
                                    inParent: authority.parentNameServers.contains(server.name),
                                    inChild: authority.childNameServers.contains(server.name), serials: bySerial)
        }
    }

    private static func delegationProblems(_ authority: ZoneAuthority, serials: [ServerAddress: UInt32]) -> [Problem] {
        var problems: [Problem] = []
        problems += authority.discoveryNotes.map { Problem(code: $0.fallback ? .discoveryFallback : .notCheckedFromHere, severity: .warning, message: $0.text) }
        let parent = Set(authority.parentNameServers)
        let child = Set(authority.childNameServers)
        if !parent.isEmpty, !child.isEmpty, parent != child {
            let onlyParent = parent.subtracting(child).map(\.description).sorted()
            let onlyChild = child.subtracting(parent).map(\.description).sorted()
            problems.append(Problem(code: .nsMismatch, severity: .warning,
                message: "the parent zone delegates \(authority.zone) to a different NS set than the zone lists itself"
                    + (onlyParent.isEmpty ? "" : "; only in the parent: " + onlyParent.joined(separator: ", "))
                    + (onlyChild.isEmpty ? "" : "; only in the zone: " + onlyChild.joined(separator: ", "))
                    + "; update the registrar's NS records or the zone's NS records so both match"))
        }
        for (server, reason) in authority.unresolvedServers.sorted(by: { $0.key.description < $1.key.description }) {
            problems.append(Problem(code: .unreachableServer, severity: .error,
                                    message: "nameserver \(server) has no address: \(reason)"))
        }
        for server in authority.servers where server.addresses.isEmpty && authority.unresolvedServers[server.name] == nil
            && !authority.notAsked.contains(where: { $0.server == server.name }) {
            problems.append(Problem(code: .unreachableServer, severity: .error,
                                    message: "nameserver \(server.name) has no A or AAAA record"))
        }
        let distinct = Set(serials.values)
        if distinct.count > 1 {
            let listing = serials.sorted { $0.key.ip < $1.key.ip }.map { "\($0.key) serial \($0.value)" }
            problems.append(Problem(code: .serialsDiffer, severity: .warning,
                message: "the servers of \(authority.zone) serve different versions of the zone (" + listing.joined(separator: ", ")
                    + "); a secondary is not up to date: check zone transfers (NOTIFY/AXFR) or the DNS provider's sync"))
        }
        return problems
    }
}

/// SOA serials per zone and server address, asked once per run. Behind a lock rather than an actor: every name of
/// a bulk run reads it, and an actor hop per name cost a task switch; two first readers of a zone may both ask.
final class SerialCache: Sendable {
    private let client: DNSClient
    private let policy: QueryPolicy
    private let known = Mutex<[DNSName: [ServerAddress: UInt32]]>([:])

    init(client: DNSClient, policy: QueryPolicy) {
        self.client = client
        self.policy = policy
    }

    func serials(of authority: ZoneAuthority) async -> [ServerAddress: UInt32] {
        if let cached = known.withLock({ $0[authority.zone] }) { return cached }
        let addresses = unique(authority.servers.flatMap(\.addresses)).map { ServerAddress(ip: $0) }
        let exchanges = await client.query(addresses.map { (DNSQuery(name: authority.zone, type: .soa), $0) }, policy: policy)
        var found: [ServerAddress: UInt32] = [:]
        for exchange in exchanges {
            guard let message = exchange.message, message.authoritative else { continue }
            found[exchange.server] = message.answer.first { $0.type == .soa && $0.name == authority.zone }?.soa?.serial
        }
        return known.withLock { known in
            if let first = known[authority.zone] { return first }
            known[authority.zone] = found
            return found
        }
    }
}
