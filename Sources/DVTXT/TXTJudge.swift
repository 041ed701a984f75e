import DVResolve

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
                Problem(code: "unreachable-server", severity: .error,
                        message: "\(label(row)) did not answer for \(row.name): \(row.error ?? "no answer")")
            case .refused, .servfail, .lame:
                Problem(code: "lame-server", severity: .error,
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
            problems.append(Problem(code: answering.allSatisfy { $0.verdict == .nxdomain } ? "nxdomain" : "nodata", severity: .error,
                message: "\(answering[0].name) \(what) on every authoritative server"
                    + (expected.isEmpty ? "" : "; publish " + expected.map { "\"\($0)\"" }.joined(separator: " and "))
                    + (negative.map { ". Resolvers that already asked keep that negative answer for up to \($0) s: wait that long after publishing, or don't query before it's published" } ?? "")))
            return problems
        }
        if expected.isEmpty {
            let views = Set(answering.map { $0.values.sorted() })
            if views.count > 1 {
                problems.append(Problem(code: "servers-disagree", severity: .error,
                    message: "the authoritative servers serve different TXT values: "
                        + answering.map { "\(label($0)) " + ($0.values.isEmpty ? ($0.rcode ?? "?") : $0.values.map { "\"\($0)\"" }.joined(separator: ", ")) }.joined(separator: "; ")))
            }
            return problems
        }
        for row in answering where !row.missing.isEmpty {
            let has = row.values.isEmpty ? (row.verdict == .nxdomain ? "NXDOMAIN" : "no TXT record")
                : row.values.map { "\"\($0)\"" }.joined(separator: ", ")
            problems.append(Problem(code: "txt-missing", severity: .error,
                message: "\(label(row)) is missing " + row.missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " at \(row.name) (it serves \(has))"
                    + (row.verdict == .nxdomain && negative != nil ? "; a resolver that asks it now caches NXDOMAIN for \(negative!) s" : "")))
        }
        for row in answering where !row.extra.isEmpty {
            problems.append(Problem(code: "stale-value", severity: .warning,
                message: "\(label(row)) also serves " + row.extra.map { "\"\($0)\"" }.joined(separator: ", ")
                    + ": an old challenge value? It does no harm, but remove it once the certificate is issued"))
        }
        return problems
    }

    private func suspiciousValues() -> [Problem] {
        let values = Set(finalRows.flatMap(\.values) + expected)
        return values.sorted().compactMap { value in
            if value.contains("\"") || value.contains("\u{201C}") || value.contains("\u{201D}") {
                return Problem(code: "quoted-value", severity: .warning,
                               message: "the value \(value.debugDescription) contains quote characters; DNS consoles often store typed quotes literally, and the CA compares exact bytes")
            }
            if value.first?.isWhitespace == true || value.last?.isWhitespace == true || value.contains(" ") {
                return Problem(code: "whitespace-value", severity: .warning,
                               message: "the value \(value.debugDescription) contains whitespace; a challenge value has none (copy it again without spaces)")
            }
            return nil
        }
    }

    static func resolverProblems(_ rows: [TXTReport.Row], expected: [String]) -> [Problem] {
        rows.compactMap { row in
            if row.rcode == nil {
                return Problem(code: "resolver-unreachable", severity: .warning, message: "resolver \(row.address) did not answer: \(row.error ?? "")")
            }
            if row.verdict == .servfail {
                return Problem(code: "resolver-servfail", severity: .error,
                               message: "resolver \(row.address) answers SERVFAIL for \(row.name) TXT: a CA's resolver will likely fail the same way")
            }
            guard !row.missing.isEmpty else { return nil }
            return Problem(code: "resolver-stale", severity: .warning,
                message: "resolver \(row.address) does not see " + row.missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " yet" + ((row.ttl ?? row.negativeTTL).map { "; it may keep its cached answer for another \($0) s" } ?? "")
                    + "; the CA uses its own resolvers, which may have cached too")
        }
    }
}
