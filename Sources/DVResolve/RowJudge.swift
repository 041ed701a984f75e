import DVBasics
import DVReport
import DVDNS

/// Turns rows of per-server answers into the problems a user has to fix.
struct RowJudge {
    let rows: [ServerAnswer]
    /// The rows for the last name of the CNAME chain: where the addresses are.
    let finalRows: [ServerAnswer]
    let expected: [IPAddress]
    let chain: [String]

    func problems() -> [Problem] {
        serverProblems() + rateLimitProblems() + loopProblems() + disagreementProblems() + expectationProblems() + existenceProblems()
    }

    /// Not a problem of the name: the server would not answer this client fast enough. The row counts as
    /// not checked (exit 3), and what the other servers say is judged without it.
    private func rateLimitProblems() -> [Problem] {
        let limited = rows.filter { $0.verdict == .rateLimited }
        guard let first = limited.first else { return [] }
        let servers = Set(limited.map { label($0) }).sorted()
        return [Problem(code: .rateLimited, severity: .warning,
            message: servers.joined(separator: ", ") + " rate-limited this check (response rate limiting) and did not answer "
                + "\(limited.count == 1 ? "the \(first.type) question" : "\(limited.count) questions"); check again more slowly (--concurrency) or from another address")]
    }

    private func label(_ row: ServerAnswer) -> String { "\(row.server) (\(row.address))" }

    private func serverProblems() -> [Problem] {
        var seen = Set<String>()
        var problems: [Problem] = []
        for row in rows where [.lame, .refused, .servfail, .unreachable].contains(row.verdict) {
            guard seen.insert(row.address + row.name).inserted else { continue }
            let zone = row.name
            switch row.verdict {
            case .unreachable:
                problems.append(Problem(code: .unreachableServer, severity: .error,
                    message: "\(label(row)) did not answer for \(zone): \(row.error ?? "no answer"); a CA's resolver that picks it times out"))
            case .refused:
                problems.append(Problem(code: .lameServer, severity: .error,
                    message: "\(label(row)) answered REFUSED for \(zone): it does not serve this zone (lame delegation); remove it from the NS records or add the zone to it"))
            case .servfail:
                problems.append(Problem(code: .lameServer, severity: .error,
                    message: "\(label(row)) answered SERVFAIL for \(zone): the server failed to load the zone"))
            default:
                problems.append(Problem(code: .lameServer, severity: .error,
                    message: "\(label(row)) answered \(row.rcode ?? "?") without the AA flag for \(zone): it is not authoritative (lame delegation)"))
            }
        }
        return problems
    }

    private func loopProblems() -> [Problem] {
        guard let looping = rows.first(where: { $0.verdict == .loop }) else { return [] }
        return [Problem(code: .cnameLoop, severity: .error,
                        message: "CNAME loop: \(looping.name) → " + looping.cnames.joined(separator: " → ")
                            + "; point one of these names at an address or a name outside the loop")]
    }

    private var answering: [ServerAnswer] {
        finalRows.filter(\.verdict.isAnswer)
    }

    private func disagreementProblems() -> [Problem] {
        var problems: [Problem] = []
        // Servers that disagree anywhere along the chain (a CNAME to another target, or a stale record where
        // the others serve a CNAME) send the CA somewhere else: compare every zone's rows, CNAMEs included.
        let answered = rows.filter(\.verdict.isAnswer)
        // One answer cannot disagree with itself: most names of a bulk run have one server and one type.
        guard answered.count > 1 else { return [] }
        let zones = Dictionary(grouping: answered) { $0.name }
        for type in ["A", "AAAA"] {
            // Along the chain in order, so the first disagreement a CA meets is the one reported.
            let groups = unique(answered.map(\.name)).map { name in zones[name, default: []].filter { $0.type == type } }
            let typed = groups.first { group in Set(group.map(Self.view)).count > 1 } ?? []
            guard !typed.isEmpty else { continue }
            let listing = typed.map { row -> String in
                let target = row.cnames.isEmpty ? "" : "CNAME " + row.cnames.joined(separator: " → ") + " "
                let answer = row.addresses.isEmpty ? (row.rcode ?? "?") : row.addresses.joined(separator: ", ")
                return label(row) + " " + target + answer + (row.serial.map { " (serial \($0))" } ?? "")
            }
            let ttl = typed.compactMap { $0.ttl ?? $0.negativeTTL }.max()
            problems.append(Problem(code: .serversDisagree, severity: .error,
                message: "the authoritative servers disagree on \(type): " + listing.joined(separator: "; ")
                    + "; a CA asks any one of them" + (ttl.map { ", and resolvers keep what they got for up to \($0) s" } ?? "")))
        }
        return problems
    }

    /// What a server told the CA: rcode, CNAME targets and addresses.
    private static func view(_ row: ServerAnswer) -> String {
        (row.rcode ?? "?") + " " + row.cnames.joined(separator: ">") + " " + row.addresses.joined(separator: ",")
    }

    private func expectationProblems() -> [Problem] {
        guard !expected.isEmpty else { return [] }
        var problems: [Problem] = []
        let wrongA = answering.filter { $0.type == "A" && $0.verdict == .mismatch }
        if !wrongA.isEmpty {
            let wanted = expected.filter { !$0.isIPv6 }.map(\.description)
            problems.append(Problem(code: .unexpectedAddress, severity: .error,
                message: wrongA.map { "\(label($0)) returns \($0.addresses.joined(separator: ", "))" }.joined(separator: "; ")
                    + "; expected " + (wanted.isEmpty ? "no A record" : wanted.joined(separator: ", "))
                    + ttlNote(wrongA)))
        }
        let wrongAAAA = answering.filter { $0.type == "AAAA" && $0.verdict == .mismatch }
        if !wrongAAAA.isEmpty {
            let wanted = expected.filter(\.isIPv6).map(\.description)
            problems.append(Problem(code: .aaaaMismatch, severity: .error,
                message: wrongAAAA.map { "\(label($0)) returns AAAA \($0.addresses.joined(separator: ", "))" }.joined(separator: "; ")
                    + "; expected " + (wanted.isEmpty ? "no AAAA record (or add the server's IPv6 address with --expect)" : wanted.joined(separator: ", "))
                    + ". CAs such as Let's Encrypt try IPv6 first, so a wrong AAAA fails validation even when A is right"
                    + ttlNote(wrongAAAA)))
        }
        let wantedV4 = expected.contains { !$0.isIPv6 }
        let missingA = answering.filter { $0.type == "A" && $0.verdict == .nodata }
        if wantedV4, !missingA.isEmpty {
            problems.append(Problem(code: .unexpectedAddress, severity: .error,
                message: missingA.map(label).joined(separator: ", ") + " serve no A record; expected "
                    + expected.filter { !$0.isIPv6 }.map(\.description).joined(separator: ", ")))
        }
        let wantedV6 = expected.contains(where: \.isIPv6)
        let missingAAAA = answering.filter { $0.type == "AAAA" && $0.verdict == .nodata }
        if wantedV6, !missingAAAA.isEmpty {
            problems.append(Problem(code: .aaaaMismatch, severity: .error,
                message: missingAAAA.map(label).joined(separator: ", ") + " serve no AAAA record; expected "
                    + expected.filter(\.isIPv6).map(\.description).joined(separator: ", ")))
        }
        return problems
    }

    private func ttlNote(_ rows: [ServerAnswer]) -> String {
        guard let ttl = rows.compactMap(\.ttl).max() else { return "" }
        return "; after fixing it, resolvers may keep the old answer for up to \(ttl) s"
    }

    private func existenceProblems() -> [Problem] {
        let rows = answering
        guard !rows.isEmpty, !rows.contains(where: { $0.verdict == .ok || $0.verdict == .mismatch }) else { return [] }
        let name = finalRows.first?.name ?? "the name"
        let negative = rows.compactMap(\.negativeTTL).max().map { " Resolvers that asked may cache this answer for up to \($0) s (SOA negative TTL)." } ?? ""
        if rows.allSatisfy({ $0.verdict == .nxdomain }) {
            return [Problem(code: .nxdomain, severity: .error,
                message: "\(name) does not exist (NXDOMAIN) on every authoritative server; create the A/AAAA record." + negative)]
        }
        if rows.allSatisfy({ $0.verdict == .nodata }) {
            return [Problem(code: .nodata, severity: .error,
                message: "\(name) exists but has no A or AAAA record (NODATA: it holds other record types only)." + negative)]
        }
        // Some servers say NXDOMAIN, others NODATA: already reported as a disagreement.
        return []
    }

    /// Judges the resolver rows against the authoritative ones: a resolver that answers differently holds an
    /// old cached answer (its row becomes `stale`), and every resolver that asked before the change, the CA's
    /// included, keeps it as long. Each failing row gets an error problem.
    static func judgeResolvers(_ rows: inout [ServerAnswer], authoritative: [ServerAnswer], maximumTTL: UInt32?) -> [Problem] {
        var problems: [Problem] = []
        for index in rows.indices {
            let row = rows[index]
            guard row.error == nil, let rcode = row.rcode else {
                problems.append(Problem(code: .resolverUnreachable, severity: .warning,
                    message: "resolver \(row.address) did not answer \(row.type) from here: \(row.error ?? "no answer"); what it has cached is unknown"
                        + " (name the resolvers to compare with --resolver, leave the public ones out with --no-public, or all with --no-recursive)"))
                continue
            }
            let truth = Set(authoritative.filter { $0.type == row.type && $0.verdict.isAnswer }
                .map { $0.addresses.joined(separator: ",") })
            let seen = row.addresses.joined(separator: ",")
            if rcode == "SERVFAIL" {
                problems.append(Problem(code: .resolverServfail, severity: .error,
                    message: "resolver \(row.address) answers SERVFAIL for \(row.name) \(row.type): a CA's resolver will likely fail the same way (lame servers, DNSSEC)"))
            } else if !truth.isEmpty, !truth.contains(seen) {
                rows[index].verdict = .stale
                let kept = row.ttl ?? row.negativeTTL ?? maximumTTL
                let note = ServerAddress(parsing: row.address)?.staleAnswerNote ?? ""
                problems.append(Problem(code: .resolverDiffers, severity: .error,
                    message: "resolver \(row.address)\(note) returns \(row.type) \(seen.isEmpty ? rcode : seen), unlike the authoritative servers: an old cached answer"
                        + (kept.map { " it may keep for another \($0) s (its remaining TTL); the CA's resolvers that asked before the change keep theirs as long: wait \($0) s before asking the CA" }
                           ?? "; the CA's resolvers that asked before the change may hold it too")))
            }
        }
        return problems
    }
}
