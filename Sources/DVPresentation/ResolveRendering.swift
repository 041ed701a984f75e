import DVResolve

/// `resolve`'s text: the nameserver table, the authoritative and resolver answers, problems and status.
public enum ResolveRendering {
    public static func text(_ report: ResolveReport, display: String? = nil) -> String {
        var lines: [String] = []
        let zone = report.zone.map { " in zone \($0)" } ?? ""
        let via = report.discovery == .recursive ? " (servers found through recursive resolvers)" : ""
        lines.append(ANSIStyle.paint("\(display ?? report.name)\(zone)\(via)", .bold))
        if !report.nameservers.isEmpty {
            lines.append("")
            var table = TextTable(header: ["NAMESERVER", "ADDRESSES", "PARENT", "ZONE", "SERIAL"])
            for server in report.nameservers {
                table.rows.append([server.name, server.addresses.joined(separator: " "),
                                   server.inParent ? "yes" : "no", server.inChild ? "yes" : "no",
                                   Set(server.serials.values).sorted().map(String.init).joined(separator: " ")])
            }
            lines.append(table.render())
        }
        if !report.authoritative.isEmpty {
            lines.append("")
            lines.append(answerTable(report.authoritative, title: "AUTHORITATIVE"))
        }
        if !report.recursive.isEmpty {
            lines.append("")
            lines.append(answerTable(report.recursive, title: "RESOLVER"))
        }
        if !report.cnameChain.isEmpty {
            lines.append("")
            lines.append("CNAME chain: " + ([report.name] + report.cnameChain).joined(separator: " → "))
        }
        lines.append("")
        lines += DNSSECRendering.summaryLines(report.dnssec)
        lines += ReportText.problemLines(report.problems)
        lines.append(ReportText.statusLine(report.status,
                                           ok: "every server answers consistently" + (report.expected.isEmpty ? "" : " with the expected addresses"),
                                           couldNotCheck: ReportText.couldNotCheck(anyAuthoritativeAnswered: report.authoritative.contains { $0.rcode != nil })))
        return lines.joined(separator: "\n")
    }

    private static func answerTable(_ rows: [ServerAnswer], title: String) -> String {
        var table = TextTable(header: [title, "ADDRESS", "NAME", "TYPE", "RCODE", "AA", "ANSWER", "TTL", "SERIAL", "RTT", "VERDICT"])
        for row in rows {
            let answer = row.error ?? (row.cnames.map { "→ \($0)" } + row.addresses).joined(separator: " ")
            table.rows.append([row.server, row.address, row.name, row.type, row.rcode ?? "-",
                               row.authoritativeAnswer.map { $0 ? "aa" : "-" } ?? "-", answer.isEmpty ? "-" : answer,
                               (row.ttl ?? row.negativeTTL).map(String.init) ?? "-", row.serial.map(String.init) ?? "-",
                               ReportText.milliseconds(row.rttMilliseconds), row.verdict.rawValue])
        }
        return table.render { column, cell in column == 10 ? ReportText.verdictCell(cell) : cell }
    }

    /// One line per name of `resolve --from`: the summary in text mode, one JSON object with --json.
    public static func batchLine(_ outcome: ResolveBatch.Outcome, json: Bool) -> String {
        switch outcome {
        case let .report(line, report):
            return json ? report.jsonLine(line: line) : summary(report)
        case let .badName(line, input, message):
            return json ? JSONOutput.encode(BadLine(line: line, input: input, error: message)) : "line \(line): \(message)"
        }
    }

    private struct BadLine: Encodable {
        let line: Int
        let input: String
        let error: String
    }

    private static func summary(_ report: ResolveReport) -> String {
        let addresses = Set(report.authoritative.filter { $0.verdict == .ok || $0.verdict == .mismatch }.flatMap(\.addresses)).sorted()
        let status = switch report.status {
        case .ok: ANSIStyle.paint("ok     ", .green)
        case .problem: ANSIStyle.paint("problem", .red)
        case .error: ANSIStyle.paint("error  ", .red)
        }
        let codes = Set(report.problems.filter { $0.severity == .error || $0.code == .rateLimited }.map(\.code.rawValue)).sorted()
        return "\(status) \(report.name) \(addresses.joined(separator: " "))" + (codes.isEmpty ? "" : " [" + codes.joined(separator: ",") + "]")
    }
}
