import DVTXT

/// `txt`'s text: the authoritative and resolver tables, problems, the CAA part and the status line.
public enum TXTRendering {
    public static func text(_ report: TXTReport, display: String) -> String {
        var lines = [ANSIStyle.paint("TXT \(display)" + (report.zone.map { " in zone \($0)" } ?? ""), .bold)]
        if !report.cnameChain.isEmpty {
            lines.append("CNAME chain: " + ([report.name] + report.cnameChain).joined(separator: " → ")
                         + "; the record must be at \(report.effectiveName)")
        }
        if !report.expected.isEmpty {
            lines.append("expected: " + report.expected.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        for (title, rows) in [("AUTHORITATIVE", report.authoritative), ("RESOLVER", report.recursive)] where !rows.isEmpty {
            var table = TextTable(header: [title, "ADDRESS", "NAME", "RCODE", "VALUES", "MISSING", "TTL", "SERIAL", "RTT", "VERDICT"])
            for row in rows {
                let values = row.error ?? (row.cnames.map { "→ \($0)" } + row.values.map { "\"\($0)\"" }).joined(separator: " ")
                table.rows.append([row.server, row.address, row.name, row.rcode ?? "-", values.isEmpty ? "-" : values,
                                   row.missing.isEmpty ? "-" : "\(row.missing.count)",
                                   (row.ttl ?? row.negativeTTL).map(String.init) ?? "-", row.serial.map(String.init) ?? "-",
                                   ReportText.milliseconds(row.rttMilliseconds), row.verdict.rawValue])
            }
            lines.append("")
            lines.append(table.render { column, cell in column == 9 ? ReportText.verdictCell(cell) : cell })
        }
        if let skipped = report.recursiveSkipped { lines.append(""); lines.append("resolvers: \(skipped)") }
        lines.append("")
        lines += DNSSECRendering.summaryLines(report.dnssec)
        lines += report.persist.map(PersistRendering.lines) ?? []
        lines += ReportText.problemLines(report.problems)
        if let caa = report.caa { lines.append(""); lines.append(CAARendering.text(caa)) }
        lines.append(ReportText.statusLine(report.status, ok: okSummary(report), couldNotCheck: ReportText.couldNotCheck(anyAuthoritativeAnswered: report.authoritative.contains { $0.rcode != nil })))
        return lines.joined(separator: "\n")
    }

    /// Only a check against expected values may say "submit": without them dvtool lists what the servers serve.
    private static func okSummary(_ report: TXTReport) -> String {
        if let persist = report.persist { return PersistRendering.okSummary(persist) }
        guard !report.expected.isEmpty else {
            return "every server serves the values above; to know whether the CA will find your challenge value, run again with --expect VALUE"
        }
        return "every authoritative server" + (report.recursive.isEmpty ? "" : " and resolver") + " has the values; submit to the CA"
            + (report.recursive.isEmpty ? " (no resolver was asked: \(report.recursiveSkipped ?? "none given"))" : "")
    }
}
