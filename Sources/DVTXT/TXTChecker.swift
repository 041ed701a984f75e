import DVDNS
import DVDNSSEC
import DVReport

/// Verifies TXT challenge values on every authoritative server of the zone that really holds the name,
/// then (only once those agree) on the recursive resolvers.
public struct TXTChecker: Sendable {
    let client: DNSClient
    let finder: AuthorityFinder
    let resolvers: [ServerAddress]
    let policy: QueryPolicy
    /// Validates the TXT lookup the CA makes, beside the server checks; nil leaves DNSSEC out.
    let dnssec: DNSSECValidator?

    public init(client: DNSClient, finder: AuthorityFinder, resolvers: [ServerAddress], policy: QueryPolicy,
                dnssec: DNSSECValidator? = nil) {
        self.dnssec = dnssec
        self.client = client
        self.finder = finder
        self.resolvers = resolvers
        self.policy = policy
    }

    public func check(_ name: DNSName, expected: [String]) async -> TXTReport {
        async let validated = dnssec?.validate([(name, .txt)]) ?? []
        var report = await checkServers(name, expected: expected)
        report.attach(await validated)
        return report
    }

    private func checkServers(_ name: DNSName, expected: [String]) async -> TXTReport {
        var report = TXTReport(name: name.description, effectiveName: name.description, zone: nil, cnameChain: [],
                               expected: expected, authoritative: [], recursive: [], recursiveSkipped: nil,
                               problems: [], caa: nil, status: .ok)
        var current = name
        var finalRows: [TXTReport.Row] = []
        var firstAuthority: ZoneAuthority?
        var chase = CNAMEChase(from: name)
        chasing: while true {
            let authority: ZoneAuthority
            do {
                authority = try await finder.authority(for: current)
            } catch {
                let isLame = if case .lameDelegation = error { true } else { false }
                report.problems.append(Problem(code: isLame ? .lameDelegation : .discoveryFailed, severity: .error,
                                               message: error.description))
                // The first zone not found: nothing was asked (or the delegation is lame). A later hop: the
                // rows so far decide, as in every report.
                report.status = report.authoritative.isEmpty ? (isLame ? .problem : .error)
                    : .judge(problems: report.problems, failingRows: report.authoritative.filter(\.verdict.isFailing).count)
                return report
            }
            if firstAuthority == nil { firstAuthority = authority }
            report.zone = authority.zone.description
            report.problems += authority.discoveryNotes.map { Problem(code: $0.fallback ? .discoveryFallback : .notCheckedFromHere, severity: .warning, message: $0.text) }
            let rows = await askAll(current, authority: authority, expected: expected)
            report.authoritative += rows
            finalRows = rows
            guard let leader = rows.first(where: { $0.verdict == .cname }) else { break }
            let step = chase.follow(leader.cnames.compactMap { try? DNSName($0) })
            report.cnameChain = chase.chain.map(\.description)
            guard case let .next(target) = step else {
                report.problems.append(Problem(code: .cnameLoop, severity: .error, message: chase.stopReason(step) ?? ""))
                break chasing
            }
            current = target
        }
        // The chase stopped on a hop (a loop, a target with no valid name): those rows are no answer.
        if finalRows.contains(where: { $0.verdict == .cname }), !report.problems.contains(where: { $0.code == .cnameLoop }) {
            report.problems.append(Problem(code: .cnameLoop, severity: .error,
                message: "the CNAME chain of \(name) could not be followed to its end (\(report.cnameChain.joined(separator: " → ")))"))
        }
        report.effectiveName = current.description
        report.problems += TXTJudge(rows: report.authoritative, finalRows: finalRows, expected: expected).problems()

        if let authority = firstAuthority, finalRows.allSatisfy({ $0.values.isEmpty }),
           finalRows.contains(where: { $0.verdict == .nxdomain || $0.verdict == .nodata }) {
            report.problems += await doubledLabelProblems(name, authority: authority)
        }
        if let authority = firstAuthority {
            report.problems += await wildcardProblems(name, authority: authority, rows: report.authoritative.filter { $0.name == name.description },
                                                      satisfied: finalRows.allSatisfy { $0.verdict == .ok })
        }

        let reachable = finalRows.filter { $0.rcode != nil }
        let everyServerReady = !reachable.isEmpty && finalRows.allSatisfy { $0.verdict == .ok }
        if resolvers.isEmpty {
            report.recursiveSkipped = "no recursive resolver configured"
        } else if !everyServerReady {
            let negative = finalRows.compactMap(\.negativeTTL).max()
            report.recursiveSkipped = "not asked until every authoritative server has the values: asking now would make resolvers cache the old answer"
                + (negative.map { " (a missing name is cached for up to \($0) s)" } ?? "")
        } else {
            // The CA asks for the name itself: a resolver's cached NXDOMAIN or old CNAME there is what it meets.
            report.recursive = await askResolvers(name, expected: expected)
            let truth = Array(Set(finalRows.flatMap(\.values))).sorted()
            report.problems += TXTJudge.judgeResolvers(&report.recursive, truth: truth, expected: expected)
        }
        report.status = .judge(problems: report.problems,
                               // A resolver that does not answer from here says nothing about the name: not checked.
                               failingRows: (report.authoritative + report.recursive.filter { $0.verdict != .unreachable })
                                   .filter(\.verdict.isFailing).count,
                               uncheckedRows: report.authoritative.filter { $0.verdict == .rateLimited }.count
                                   + report.recursive.filter { $0.verdict == .unreachable }.count,
                               anyServerAnswered: !reachable.isEmpty)
        return report
    }

    private func askAll(_ name: DNSName, authority: ZoneAuthority, expected: [String]) async -> [TXTReport.Row] {
        let targets = authority.servers.flatMap { server in server.addresses.map { (server.name, ServerAddress(ip: $0)) } }
        async let serials = zoneSerials(authority)
        let rows = await withTaskGroup(of: (Int, TXTReport.Row).self) { group in
            for (index, (serverName, address)) in targets.enumerated() {
                group.addTask {
                    let exchange = await client.query(DNSQuery(name: name, type: .txt), server: address, policy: policy)
                    return (index, TXTReport.Row(exchange, server: serverName.description, zone: authority.zone, expected: expected))
                }
            }
            var rows: [(Int, TXTReport.Row)] = []
            for await row in group { rows.append(row) }
            return rows.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let known = await serials
        return rows.map { row in
            var row = row
            row.serial = ServerAddress(parsing: row.address).flatMap { known[$0] }
            return row
        }
    }

    private func zoneSerials(_ authority: ZoneAuthority) async -> [ServerAddress: UInt32] {
        await withTaskGroup(of: (ServerAddress, UInt32?).self) { group in
            for address in Set(authority.servers.flatMap(\.addresses)) {
                group.addTask {
                    let server = ServerAddress(ip: address)
                    let exchange = await client.query(DNSQuery(name: authority.zone, type: .soa), server: server, policy: policy)
                    return (server, exchange.message?.answer.first { $0.type == .soa }?.soa?.serial)
                }
            }
            var serials: [ServerAddress: UInt32] = [:]
            for await (server, serial) in group { serials[server] = serial }
            return serials
        }
    }

    private func askResolvers(_ name: DNSName, expected: [String]) async -> [TXTReport.Row] {
        await withTaskGroup(of: (Int, TXTReport.Row).self) { group in
            for (index, resolver) in resolvers.enumerated() {
                group.addTask {
                    let exchange = await client.query(DNSQuery(name: name, type: .txt, recursionDesired: true), server: resolver, policy: policy)
                    return (index, TXTReport.Row(exchange, server: "resolver", zone: nil, expected: expected))
                }
            }
            var rows: [(Int, TXTReport.Row)] = []
            for await row in group { rows.append(row) }
            return rows.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// `_acme-challenge.example.com.example.com`: the record name typed as a full name into a console that appends the zone.
    private func doubledLabelProblems(_ name: DNSName, authority: ZoneAuthority) async -> [Problem] {
        guard let doubled = try? DNSName(name.description + authority.zone.description) else { return [] }
        for address in authority.servers.flatMap(\.addresses) {
            let exchange = await client.query(DNSQuery(name: doubled, type: .txt), server: ServerAddress(ip: address), policy: policy)
            guard let message = exchange.message, message.authoritative else { continue }
            let values = message.answer.filter { $0.type == .txt && $0.name == doubled }.compactMap(\.joinedText)
            guard !values.isEmpty else { return [] }
            let host = name.labels.prefix(name.labels.count - authority.zone.labels.count).joined(separator: ".")
            return [Problem(code: .doubledLabel, severity: .error,
                message: "the TXT record was created at \(doubled) instead of \(name): the DNS console appended the zone to a full name; "
                    + "enter only \"\(host)\" as the host (or \(name) with the trailing dot)")]
        }
        return []
    }

    /// A random sibling that gets the same answer means a wildcard covers the name.
    private func wildcardProblems(_ name: DNSName, authority: ZoneAuthority, rows: [TXTReport.Row], satisfied: Bool) async -> [Problem] {
        guard name.labels.count > authority.zone.labels.count,
              let leader = rows.first(where: { $0.verdict != .nxdomain && $0.rcode == "NOERROR" && (!$0.values.isEmpty || !$0.cnames.isEmpty) }),
              let probe = try? name.parent.prepending("_dvtool-probe-\(UInt32.random(in: 0 ... .max))"),
              let address = authority.servers.flatMap(\.addresses).first else { return [] }
        // With DO: in a signed zone the answer's signature says which wildcard synthesized it.
        let exchange = await client.query(DNSQuery(name: probe, type: .txt, dnssecOK: true), server: ServerAddress(ip: address), policy: policy)
        guard let message = exchange.message, message.rcode == .noError else { return [] }
        let followed = message.follow(from: probe, type: .txt, within: authority.zone)
        let probeValues = followed.records.compactMap(\.joinedText)
        guard probeValues.sorted() == leader.values.sorted(), followed.cnames.map(\.description) == leader.cnames else { return [] }
        let wildcard = Self.wildcard(answering: probe, in: message)
        if satisfied {
            return [Problem(code: .wildcardCapture, severity: .warning,
                message: "\(name) is answered by \(wildcard); it works, but an explicit record is safer")]
        }
        return [Problem(code: .wildcardCapture, severity: .error,
            message: "\(name) has no record of its own: \(wildcard) answers for it"
                + (leader.cnames.isEmpty ? "" : " (CNAME \(leader.cnames.joined(separator: " → ")))")
                + "; create an explicit TXT record at \(name), which overrides the wildcard")]
    }

    /// Which wildcard answered `probe`. A signature's labels field counts the labels of the name it was made for
    /// (RFC 4034 §3.1.3), so in a signed zone the wildcard is exact; unsigned, the nearest one possible is
    /// `*.parent`, but when the parent does not exist a wildcard further up answers as well.
    private static func wildcard(answering probe: DNSName, in message: DNSMessage) -> String {
        if let labels = message.answer.compactMap({ $0.rrsig.map { Int($0.labels) } }).min(), labels < probe.labels.count,
           let owner = try? DNSName(probe.labels.suffix(labels).joined(separator: ".") + ".") {
            return "the wildcard *.\(owner)"
        }
        return "a wildcard (*.\(probe.parent) or one above it)"
    }
}
