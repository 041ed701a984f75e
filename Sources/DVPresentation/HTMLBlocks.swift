/// The body of an HTML report: each block as semantic markup (classes name what a thing is, for anyone restyling
/// the page), consecutive lines as one block of preformatted text.
enum HTMLBlocks {
    static func write(_ blocks: [Block]) -> String {
        var html = ""
        var lines: [Styled] = []
        func flushLines() {
            while lines.last?.runs.isEmpty == true { lines.removeLast() }
            if !lines.isEmpty { html += "<pre class=\"lines\">" + lines.map(HTML.styled).joined(separator: "\n") + "</pre>\n" }
            lines = []
        }
        for block in blocks {
            if case let .line(styled) = block {
                if !(lines.isEmpty && styled.runs.isEmpty) { lines.append(styled) }
                continue
            }
            flushLines()
            switch block {
            case .line: break
            case let .table(table): html += write(table)
            case let .findings(findings, _): html += write(findings)
            case let .chain(figure): html += ChainSVG.figure(figure)
            case let .bars(chart): html += BarSVG.figure(chart)
            // The verdict sentence at the top is this line; the JSON is embedded once, at the end of the page.
            case .status, .data: break
            }
        }
        flushLines()
        return html
    }

    /// The marked rows (servers that disagree) are named in a sentence above the table and flagged in words in
    /// their first cell.
    static func write(_ table: DocumentTable) -> String {
        var html = ""
        let marked = table.marks.keys.sorted()
        if !marked.isEmpty {
            let names = marked.map { row in "\(table.rows[row].prefix(2).joined(separator: " ")) (\(table.marks[row]!))" }
            html += "<p class=\"differs\"><strong>Stands out:</strong> " + HTML.escape(names.joined(separator: "; ")) + "</p>\n"
        }
        html += "<table class=\"rows\">\n<thead><tr>" + (marked.isEmpty ? "" : "<th class=\"mark\" scope=\"col\">!</th>")
            + table.header.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (index, row) in table.rows.enumerated() {
            let mark = table.marks[index]
            html += mark.map { "<tr class=\"marked\" data-mark=\"\(HTML.escape($0))\">" } ?? "<tr>"
            if !marked.isEmpty { html += "<td class=\"mark\">" + (mark.map { "✗ " + HTML.escape($0) } ?? "") + "</td>" }
            for (column, cell) in row.enumerated() {
                let tone = table.tones[index][column].map { " class=\"tone-\($0.rawValue)\"" } ?? ""
                html += "<td\(tone)>\(HTML.escape(cell))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Counts per verdict, then one item per finding: verdict word, id, title, detail, fix and doc link.
    static func write(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "" }
        let order: [Finding.Verdict] = [.problem, .warning, .couldNotCheck, .ok, .info]
        let counts = order.compactMap { verdict -> String? in
            let count = findings.filter { $0.verdict == verdict }.count
            return count == 0 ? nil : "<span class=\"count verdict-\(verdict.rawValue)\">\(count) \(word(verdict))</span>"
        }
        var html = "<section class=\"findings\">\n<p class=\"counts\">" + counts.joined(separator: " ") + "</p>\n<ul>\n"
        for finding in findings {
            html += "<li class=\"finding verdict-\(finding.verdict.rawValue)\" data-verdict=\"\(finding.verdict.rawValue)\" data-id=\"\(HTML.escape(finding.id))\">"
                + "<span class=\"verdict-word\">\(word(finding.verdict))</span> <code class=\"id\">\(HTML.escape(finding.id))</code> "
                + "<strong class=\"title\">\(HTML.escape(finding.title))</strong>: <span class=\"detail\">\(HTML.escape(finding.detail))</span>"
            if let fix = finding.fix { html += "<p class=\"fix\"><strong>Fix:</strong> \(HTML.escape(fix))</p>" }
            if let doc = finding.doc { html += " <a class=\"doc\" href=\"\(HTML.escape(doc))\">\(HTML.escape(Self.docName(doc)))</a>" }
            html += "</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    static func word(_ verdict: Finding.Verdict) -> String {
        switch verdict {
        case .ok: "ok"
        case .warning: "warning"
        case .problem: "PROBLEM"
        case .couldNotCheck: "could not check"
        case .info: "info"
        }
    }

    /// "docs/dnssec.md" for the link's text.
    private static func docName(_ link: String) -> String {
        link.replacing("file:///usr/share/doc/dvtool/", with: "")
    }
}
