import DVTXT

/// `txt`'s document: the authoritative and resolver tables, problems, the CAA part and the status line.
public enum TXTRendering {
    public static func document(_ report: TXTReport, display: String) -> Document {
        var document = Document(title: "\("TXT \(display)" + (report.zone.map { " in zone \($0)" } ?? ""), .strong)")
        if !report.cnameChain.isEmpty {
            document.append(.line("CNAME chain: \(([report.name] + report.cnameChain).joined(separator: " → ")); the record must be at \(report.effectiveName)"))
        }
        if !report.expected.isEmpty {
            document.append(.line("expected: \(report.expected.map { "\"\($0)\"" }.joined(separator: ", "))"))
        }
        for (title, rows) in [("AUTHORITATIVE", report.authoritative), ("RESOLVER", report.recursive)] where !rows.isEmpty {
            var table = DocumentTable(header: [title, "ADDRESS", "NAME", "RCODE", "VALUES", "MISSING", "TTL", "SERIAL", "RTT", "VERDICT"])
            for row in rows {
                let values = row.error ?? (row.cnames.map { "→ \($0)" } + row.values.map { "\"\($0)\"" }).joined(separator: " ")
                table.append([row.server, row.address, row.name, row.rcode ?? "-", values.isEmpty ? "-" : values,
                              row.missing.isEmpty ? "-" : "\(row.missing.count)",
                              (row.ttl ?? row.negativeTTL).map(String.init) ?? "-", row.serial.map(String.init) ?? "-",
                              ReportText.milliseconds(row.rttMilliseconds), row.verdict.rawValue],
                             tone: { column, cell in column == 9 ? ReportText.verdictTone(cell) : nil },
                             mark: row.verdict.isFailing ? row.verdict.rawValue : nil)
            }
            document.append(.line(""))
            document.append(.table(table))
        }
        if let skipped = report.recursiveSkipped { document.append(lines: ["", "resolvers: \(skipped)"]) }
        document.append(.line(""))
        document.blocks += DNSSECRendering.summaryLines(report.dnssec)
        document.blocks += report.persist.map(PersistRendering.blocks) ?? []
        document.append(ReportText.problems(report.problems))
        if let caa = report.caa {
            document.append(.line(""))
            document.blocks += CAARendering.document(caa).titledBlocks
        }
        document.append(ReportText.status(report.status, ok: okSummary(report), couldNotCheck: ReportText.couldNotCheck(anyAuthoritativeAnswered: report.authoritative.contains { $0.rcode != nil })))
        return document
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
