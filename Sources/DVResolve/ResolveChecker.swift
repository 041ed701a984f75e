import DVBasics
import DVReport
import DVDNS
import DVDNSSEC
import Synchronization

/// Checks where a name points, as every authoritative server and the given recursive resolvers see it.
///
/// A class rather than a struct: each async call on a struct copied all of its fields into the callee's frame, which
/// showed per name in bulk runs.
public final class ResolveChecker: Sendable {
    public let finder: AuthorityFinder
    public let client: DNSClient
    public let resolvers: [ServerAddress]
    public let policy: QueryPolicy
    public let types: [RecordType]
    /// Validates each type's answer beside the server checks; nil leaves DNSSEC out (bulk runs).
    public let dnssec: DNSSECValidator?
    private let serials: SerialCache
    /// Names a bulk run hands to `check(_ names:)` at once: enough that one batch of queries, one hop to the event
    /// loop and one wake-up serve many names; few enough that several batches are in flight at the default concurrency.
    public static let namesPerCheck = 32

    /// Whether the CA drops reserved addresses: then a name that answers one has the warning `reserved-address`.
    public let reservedAddresses: ReservedAddressHandling

    public init(client: DNSClient, finder: AuthorityFinder, resolvers: [ServerAddress], policy: QueryPolicy,
                types: [RecordType] = [.a, .aaaa], dnssec: DNSSECValidator? = nil,
                reservedAddresses: ReservedAddressHandling = .connect) {
        self.reservedAddresses = reservedAddresses
        self.dnssec = dnssec
        self.client = client
        self.finder = finder
        self.resolvers = resolvers
        self.policy = policy
        self.types = types
        self.serials = SerialCache(client: client, policy: policy)
    }

    public func check(_ name: DNSName, expected: [IPAddress] = []) async -> ResolveReport {
        await check(name, expected: expected, located: nil)
    }

    /// The names of a bulk run, a few at a time: one report per name, in order, each the report `check` gives.
    /// The names of zones already found are asked in one batch (one hop to the event loop, one send, one wake-up for
    /// all); a name whose answer is plain is finished right here, on this task, with its zone's nameserver rows built
    /// once. The others (a zone not found yet, a CNAME to follow, resolvers or DNSSEC to ask) go on concurrently.
    public func check(_ names: [DNSName], expected: [IPAddress] = []) async -> [ResolveReport] {
        var reports = [ResolveReport?](repeating: nil, count: names.count)
        var asked: [(index: Int, authority: ZoneAuthority)] = []
        var later: [(index: Int, located: Located?)] = []
        // The first authority seen for a zone serves all its names of this batch, as their one lookup would have.
        var zones: [DNSName: ZoneAuthority] = [:]
        for (index, name) in names.enumerated() {
            guard let known = finder.knownAuthority(enclosing: name) else { later.append((index, nil)); continue }
            let authority = zones[known.zone, default: known]
            zones[known.zone] = authority
            asked.append((index, authority))
        }
        let answers = await queryAuthoritative(asked.map { (names[$0.index], $0.authority) }, expected: expected)
        let plainChecks = dnssec == nil && resolvers.isEmpty
        var facts: [DNSName: ZoneFacts] = [:]
        for ((index, authority), rows) in zip(asked, answers) {
            // Another zone answered (a deeper one the same server holds): the name gets its own delegation walk.
            guard rows.allSatisfy(\.fromZone) else { later.append((index, nil)); continue }
            var located = Located(authority: authority, prefetched: rows.map(\.row))
            guard plainChecks, rows.allSatisfy({ $0.row.cnames.isEmpty }) else { later.append((index, located)); continue }
            let zoneFacts = if let known = facts[authority.zone] { known } else { await self.facts(of: authority) }
            facts[authority.zone] = zoneFacts
            located.facts = zoneFacts
            reports[index] = await checkServers(names[index], expected: expected, located: located)
        }
        await withTaskGroup(of: (Int, ResolveReport).self) { group in
            for (index, located) in later {
                group.addTask { (index, await self.check(names[index], expected: expected, located: located)) }
            }
            for await (index, report) in group { reports[index] = report }
        }
        return reports.map { $0! }
    }

    /// `located`: the name's zone and first answers when a batch asked them already.
    private func check(_ name: DNSName, expected: [IPAddress], located: Located?) async -> ResolveReport {
        // A bulk run has no validator: no child task per name for a validation that is not asked for.
        guard let dnssec else { return await checkServers(name, expected: expected, located: located) }
        async let validated = dnssec.validate(types.map { (name, $0) })
        var report = await checkServers(name, expected: expected, located: located)
        report.attach(await validated)
        return report
    }

    /// Everything but DNSSEC: the delegation, the authoritative rows, the resolvers' rows and their verdicts.
    private func checkServers(_ name: DNSName, expected: [IPAddress], located: Located?) async -> ResolveReport {
        var report = ResolveReport(name: name.description, zone: nil, discovery: nil, expected: expected.map(\.description),
                                   nameservers: [], authoritative: [], recursive: [], cnameChain: [], maximumTTL: nil,
                                   problems: [], status: .ok)
        let found: Located
        do {
            found = if let located { located } else { try await locate(name, expected: expected) }
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
        report.zone = found.authority.zone.description
        report.discovery = found.authority.discovery
        let finalRows: [ServerAnswer]
        if resolvers.isEmpty {
            finalRows = await checkAuthoritative(&report, name: name, located: found, expected: expected)
        } else {
            // Resolver answers are independent of the authoritative rows: ask both at once.
            async let recursiveRows = queryResolvers(name, expected: expected)
            finalRows = await checkAuthoritative(&report, name: name, located: found, expected: expected)
            report.recursive = await recursiveRows
        }
        report.problems += RowJudge.judgeResolvers(&report.recursive, authoritative: finalRows, maximumTTL: report.maximumTTL)
        // Only under a public CA's rules: a bulk run in a private world does not classify every address.
        if reservedAddresses == .dropAsPublicCAsDo, case let reserved = report.servedAddresses.reservedWithBlocks, !reserved.isEmpty {
            // A warning: dns-01 never connects, and doctor judges the file and TLS methods on it.
            report.problems.append(Problem(code: .reservedAddress, severity: .warning,
                message: "\(name) answers reserved \(reserved.joined(separator: ", ")): public CAs never connect to reserved "
                    + "addresses, so http-01 and tls-alpn-01 cannot use them (dns-01 can)"))
        }
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
    private func checkAuthoritative(_ report: inout ResolveReport, name: DNSName, located: Located,
                                    expected: [IPAddress]) async -> [ServerAnswer] {
        let zoneFacts = if let known = located.facts { known } else { await facts(of: located.authority) }
        report.nameservers = zoneFacts.nameservers
        report.problems += zoneFacts.delegationProblems

        var currentName = name
        var currentAuthority = located.authority
        var currentSerials = zoneFacts.serialByAddress
        var finalRows: [ServerAnswer] = []
        var first = located.prefetched
        var chase = CNAMEChase(from: name)
        chasing: while true {
            let answers = if let first { first } else {
                await queryAuthoritative([(currentName, currentAuthority)], expected: expected)[0].map(\.row)
            }
            first = nil
            let rows = answers.map { row in
                var row = row
                row.serial = currentSerials[row.address]
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
            currentSerials = ZoneFacts.serialByAddress(await serials.serials(of: currentAuthority))
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

    /// Where a name's zone was found, and what is known of it already.
    private struct Located: Sendable {
        var authority: ZoneAuthority
        /// The first answers, when they were asked of a zone found before.
        var prefetched: [ServerAnswer]?
        var facts: ZoneFacts?
    }

    /// What a report says about its zone's servers, the same for every name of the zone.
    private struct ZoneFacts: Sendable {
        var nameservers: [NameServerReport]
        var delegationProblems: [Problem]
        var serialByAddress: [String: UInt32]

        static func serialByAddress(_ serials: [ServerAddress: UInt32]) -> [String: UInt32] {
            Dictionary(serials.map { ($0.key.description, $0.value) }) { kept, _ in kept }
        }
    }

    private func facts(of authority: ZoneAuthority) async -> ZoneFacts {
        let zoneSerials = await serials.serials(of: authority)
        return ZoneFacts(nameservers: Self.nameserverReports(authority, serials: zoneSerials),
                         delegationProblems: Self.delegationProblems(authority, serials: zoneSerials),
                         serialByAddress: ZoneFacts.serialByAddress(zoneSerials))
    }

    /// The zone's authority and, when a walk already found the enclosing zone, the first answers, which also
    /// confirm that zone: one question per server and type instead of a delegation walk per name.
    private func locate(_ name: DNSName, expected: [IPAddress]) async throws(DiscoveryError) -> Located {
        if let known = finder.knownAuthority(enclosing: name) {
            let answers = await queryAuthoritative([(name, known)], expected: expected)[0]
            if answers.allSatisfy(\.fromZone) { return Located(authority: known, prefetched: answers.map(\.row)) }
        }
        return Located(authority: try await finder.authority(for: name))
    }

    /// A row, and whether its server answered from the zone asked about (a failed exchange says nothing against it).
    private struct AuthoritativeAnswer: Sendable {
        var row: ServerAnswer
        var fromZone: Bool
    }

    /// Every server address and type of each name's zone, all asked in one batch; the answers per name, in order.
    private func queryAuthoritative(_ names: [(name: DNSName, authority: ZoneAuthority)],
                                    expected: [IPAddress]) async -> [[AuthoritativeAnswer]] {
        var batch: [(query: DNSQuery, server: ServerAddress)] = []
        var askedOf: [AskedServer] = []
        var ends: [Int] = []
        // A batch's names mostly share a zone: its servers' names and addresses are spelled once for them.
        var servers: (zone: DNSName, asked: [AskedServer])?
        for (name, authority) in names {
            if servers?.zone != authority.zone {
                servers = (authority.zone, authority.servers.flatMap { server in
                    let serverName = server.name.description
                    return server.addresses.map { AskedServer(name: serverName, address: ServerAddress(ip: $0), text: $0.description) }
                })
            }
            for server in servers?.asked ?? [] {
                for type in types {
                    batch.append((DNSQuery(name: name, type: type), server.address))
                    askedOf.append(server)
                }
            }
            ends.append(batch.count)
        }
        let exchanges = await client.query(batch, policy: policy)
        var start = 0
        return zip(names, ends).map { asked, end in
            defer { start = end }
            let zone = asked.authority.zone
            return (start..<end).map { index in
                let exchange = exchanges[index]
                let row = ServerAnswer(exchange, server: askedOf[index].name, address: askedOf[index].text, zone: zone,
                                       authoritativeCheck: true, expected: expected)
                return AuthoritativeAnswer(row: row, fromZone: exchange.message?.comesFrom(zone: zone) ?? true)
            }
        }
    }

    private struct AskedServer {
        let name: String
        let address: ServerAddress
        /// `address` as rows show it.
        let text: String
    }

    private func queryResolvers(_ name: DNSName, expected: [IPAddress]) async -> [ServerAnswer] {
        let batch = resolvers.flatMap { resolver in
            types.map { type in (query: DNSQuery(name: name, type: type, recursionDesired: true), server: resolver) }
        }
        return await client.query(batch, policy: policy).map { exchange in
            ServerAnswer(exchange, server: "resolver", address: exchange.server.description, zone: nil, authoritativeCheck: false,
                         expected: expected)
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
