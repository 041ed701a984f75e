import DVResolve

/// `resolve`'s document: the nameserver table, the authoritative and resolver answers, problems and status.
public enum ResolveRendering {
    public static func document(_ report: ResolveReport, display: String? = nil) -> Document {
        let zone = report.zone.map { " in zone \($0)" } ?? ""
        let via = report.discovery == .recursive ? " (servers found through recursive resolvers)" : ""
        var document = Document(title: "\("\(display ?? report.name)\(zone)\(via)", .strong)")
        if !report.nameservers.isEmpty {
            document.append(.line(""))
            var table = DocumentTable(header: ["NAMESERVER", "ADDRESSES", "PARENT", "ZONE", "SERIAL"])
            for server in report.nameservers {
                table.append([server.name, server.addresses.joined(separator: " "),
                              server.inParent ? "yes" : "no", server.inChild ? "yes" : "no",
                              Set(server.serials.values).sorted().map(String.init).joined(separator: " ")],
                             mark: server.inParent && server.inChild ? nil : "in the \(server.inParent ? "parent" : "zone")'s NS set only")
            }
            document.append(.table(table))
        }
        if !report.authoritative.isEmpty {
            document.append(.line(""))
            document.append(.table(answerTable(report.authoritative, title: "AUTHORITATIVE")))
        }
        if !report.recursive.isEmpty {
            document.append(.line(""))
            document.append(.table(answerTable(report.recursive, title: "RESOLVER")))
        }
        if !report.cnameChain.isEmpty {
            document.append(.line(""))
            document.append(.line("CNAME chain: \(([report.name] + report.cnameChain).joined(separator: " → "))"))
        }
        document.append(.line(""))
        document.blocks += DNSSECRendering.summaryLines(report.dnssec)
        document.append(ReportText.problems(report.problems))
        document.append(ReportText.status(report.status,
                                          ok: "every server answers consistently" + (report.expected.isEmpty ? "" : " with the expected addresses"),
                                          couldNotCheck: ReportText.couldNotCheck(anyAuthoritativeAnswered: report.authoritative.contains { $0.rcode != nil })))
        return document
    }

    /// A row that stands in the way of validation is marked with its verdict; rows whose servers give different
    /// answers for the same name and type are marked with what each answered.
    private static func answerTable(_ rows: [ServerAnswer], title: String) -> DocumentTable {
        var table = DocumentTable(header: [title, "ADDRESS", "NAME", "TYPE", "RCODE", "AA", "ANSWER", "TTL", "SERIAL", "RTT", "VERDICT"])
        let answers = Dictionary(grouping: rows.filter(\.verdict.isAnswer)) { "\($0.name) \($0.type)" }.mapValues { Set($0.map(answerText)).count }
        for row in rows {
            let answer = answerText(row)
            let disagrees = row.verdict.isAnswer && (answers["\(row.name) \(row.type)"] ?? 0) > 1
            table.append([row.server, row.address, row.name, row.type, row.rcode ?? "-",
                          row.authoritativeAnswer.map { $0 ? "aa" : "-" } ?? "-", answer.isEmpty ? "-" : answer,
                          (row.ttl ?? row.negativeTTL).map(String.init) ?? "-", row.serial.map(String.init) ?? "-",
                          ReportText.milliseconds(row.rttMilliseconds), row.verdict.rawValue],
                         tone: { column, cell in column == 10 ? ReportText.verdictTone(cell) : nil },
                         mark: row.verdict.isFailing ? row.verdict.rawValue : disagrees ? "servers disagree: this one answers \(answer.isEmpty ? "nothing" : answer)" : nil)
        }
        return table
    }

    private static func answerText(_ row: ServerAnswer) -> String {
        row.error ?? (row.cnames.map { "→ \($0)" } + row.addresses).joined(separator: " ")
    }
}
