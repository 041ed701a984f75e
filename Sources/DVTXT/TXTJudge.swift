import DVDNS
import DVReport

/// Turns per-server TXT rows into the problems a user has to fix before asking the CA.
struct TXTJudge {
    let rows: [TXTReport.Row]
    let finalRows: [TXTReport.Row]
    let expected: [String]

    func problems() -> [Problem] {
        serverProblems() + valueProblems() + suspiciousValues()
    }

    private func label(_ row: TXTReport.Row) -> String {
        "\(row.server) (\(row.address))" + (row.serial.map { " serial \($0)" } ?? "")
    }

    private func serverProblems() -> [Problem] {
        rows.compactMap { row in
            switch row.verdict {
            case .unreachable:
                Problem(code: .unreachableServer, severity: .error,
                        message: "\(label(row)) did not answer for \(row.name): \(row.error ?? "no answer")")
            case .refused, .servfail, .lame:
                Problem(code: .lameServer, severity: .error,
                        message: "\(label(row)) answered \(row.rcode ?? "?")\(row.authoritativeAnswer == false ? " without authority" : "") for \(row.name): it does not serve this zone")
            default:
                nil
            }
        }
    }

    private func valueProblems() -> [Problem] {
        let answering = finalRows.filter { [.ok, .missing, .nxdomain, .nodata].contains($0.verdict) }
        guard !answering.isEmpty else { return [] }
        var problems: [Problem] = []
        let negative = answering.compactMap(\.negativeTTL).max()
        if answering.allSatisfy({ $0.values.isEmpty }) {
            let what = answering.allSatisfy { $0.verdict == .nxdomain } ? "does not exist (NXDOMAIN)" : "has no TXT record (NODATA)"
            problems.append(Problem(code: answering.allSatisfy { $0.verdict == .nxdomain } ? .nxdomain : .nodata, severity: .error,
                message: "\(answering[0].name) \(what) on every authoritative server"
                    + (expected.isEmpty ? "" : "; publish " + expected.map { "\"\($0)\"" }.joined(separator: " and "))
                    + (negative.map { ". Resolvers that already asked keep that negative answer for up to \($0) s: wait that long after publishing, or don't query before it's published" } ?? "")))
            return problems
        }
        if expected.isEmpty {
            let views = Set(answering.map { $0.values.sorted() })
            if views.count > 1 {
                problems.append(Problem(code: .serversDisagree, severity: .error,
                    message: "the authoritative servers serve different TXT values: "
                        + answering.map { "\(label($0)) " + ($0.values.isEmpty ? ($0.rcode ?? "?") : $0.values.map { "\"\($0)\"" }.joined(separator: ", ")) }.joined(separator: "; ")))
            }
            return problems
        }
        for row in answering where !row.missing.isEmpty {
            let has = row.values.isEmpty ? (row.verdict == .nxdomain ? "NXDOMAIN" : "no TXT record")
                : row.values.map { "\"\($0)\"" }.joined(separator: ", ")
            problems.append(Problem(code: .txtMissing, severity: .error,
                message: "\(label(row)) is missing " + row.missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " at \(row.name) (it serves \(has))"
                    + (row.verdict == .nxdomain && negative != nil ? "; a resolver that asks it now caches NXDOMAIN for \(negative!) s" : "")))
        }
        for row in answering where !row.extra.isEmpty {
            problems.append(Problem(code: .staleValue, severity: .warning,
                message: "\(label(row)) also serves " + row.extra.map { "\"\($0)\"" }.joined(separator: ", ")
                    + ": an old challenge value? It does no harm, but remove it once the certificate is issued"))
        }
        return problems
    }

    private func suspiciousValues() -> [Problem] {
        let values = Set(finalRows.flatMap(\.values) + expected)
        return values.sorted().compactMap { value in
            if value.contains("\"") || value.contains("\u{201C}") || value.contains("\u{201D}") {
                return Problem(code: .quotedValue, severity: .warning,
                               message: "the value \(value.debugDescription) contains quote characters; DNS consoles often store typed quotes literally, and the CA compares exact bytes")
            }
            if value.first?.isWhitespace == true || value.last?.isWhitespace == true || value.contains(" ") {
                return Problem(code: .whitespaceValue, severity: .warning,
                               message: "the value \(value.debugDescription) contains whitespace; a challenge value has none (copy it again without spaces)")
            }
            return nil
        }
    }

    /// Judges the resolver rows against what the authoritative servers serve (`truth`): a resolver that still
    /// serves an old value or a cached NXDOMAIN/NODATA is a problem, whoever runs it. It keeps that answer for its
    /// remaining TTL, and so does every resolver that asked before the change: the CA's too, when a validation
    /// was already tried. Each failing row gets an error problem.
    static func judgeResolvers(_ rows: inout [TXTReport.Row], truth: [String], expected: [String]) -> [Problem] {
        var problems: [Problem] = []
        for index in rows.indices {
            let row = rows[index]
            if row.rcode == nil {
                problems.append(Problem(code: .resolverUnreachable, severity: .warning,
                    message: "resolver \(row.address) did not answer from here: \(row.error ?? "no answer"); what it has cached is unknown"
                        + " (name the resolvers to compare with --resolver, leave the public ones out with --no-public, or all with --no-recursive)"))
                continue
            }
            if row.verdict == .servfail {
                problems.append(Problem(code: .resolverServfail, severity: .error,
                    message: "resolver \(row.address) answers SERVFAIL for \(row.name) TXT: a CA's resolver will likely fail the same way"))
                continue
            }
            let lacking = expected.isEmpty ? truth.filter { !row.values.containsBytes(of: $0) } : row.missing
            guard !lacking.isEmpty || (expected.isEmpty && Set(row.values) != Set(truth)) else { continue }
            rows[index].verdict = .stale
            let cached = row.values.isEmpty
                ? (row.verdict == .nxdomain ? "a cached NXDOMAIN" : "a cached NODATA (no TXT record)")
                : "old values " + row.values.map { "\"\($0)\"" }.joined(separator: ", ")
            let remaining = row.ttl ?? row.negativeTTL
            let note = ServerAddress(parsing: row.address)?.staleAnswerNote ?? ""
            problems.append(Problem(code: .resolverStale, severity: .error,
                message: "resolver \(row.address)\(note) still serves \(cached) for \(row.name)"
                    + (lacking.isEmpty ? "" : ", without " + lacking.map { "\"\($0)\"" }.joined(separator: ", "))
                    + (remaining.map { "; it may keep that answer for another \($0) s (its remaining TTL), and the CA's resolvers that asked before the change keep theirs as long: wait \($0) s (txt --wait does)" }
                       ?? "; the CA's resolvers that asked before the change may hold the same old answer")))
        }
        return problems
    }
}
