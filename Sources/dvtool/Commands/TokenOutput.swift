import DVToken

enum TokenOutput {
    /// Writes the webroot file, saves to the store, then prints; throws for exit code 2/3.
    static func finish(_ report: inout TokenReport, options: TokenSaveOptions, json: Bool) throws(CLIError) {
        do {
            try report.publish(webroot: options.webroot, storePath: options.save ? options.storePath : nil, force: options.force)
        } catch {
            throw error.isBadInput ? CLIError.badInput(error.description) : CLIError.couldNotCheck(error.description)
        }
        if json {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            Terminal.line(text(report, options: options))
        }
    }

    static func text(_ report: TokenReport, options: TokenSaveOptions) -> String {
        var lines: [String] = []
        for name in report.domains {
            lines.append(Terminal.paint(name.ascii, .bold) + (name.unicode != name.ascii ? "  (Unicode: \(name.unicode))" : ""))
        }
        let width = (report.values.map(\.label.count).max() ?? 0) + 2
        for (_, label, value) in report.values {
            lines.append(label.padded(toLength: width) + value)
        }
        for record in report.records {
            lines.append("")
            lines.append(Terminal.paint("DNS \(record.type) record" + (report.domains.count > 1 ? " for \(record.domain)" : ""), .bold))
            let zoneNote = record.zoneAssumed
                ? "relative to zone \(record.zone), assumed from the last two labels: pass --zone if your DNS zone is different"
                : "relative to zone \(record.zone)"
            lines.append("  Name (FQDN)  \(record.name)")
            lines.append("  Host         \(record.host)   (\(zoneNote))")
            lines.append("  Type         \(record.type)")
            lines.append("  Value        \(record.value)")
            lines.append("  Zone file    \(record.zoneFileLine)")
        }
        for file in report.files {
            lines.append("")
            lines.append(Terminal.paint("File" + (report.domains.count > 1 ? " for \(file.domain)" : ""), .bold))
            lines.append("  URL          \(file.url)")
            lines.append("  Path         \(file.path)")
            let body = file.body.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("  Content      \(body.first ?? "")")
            for line in body.dropFirst() { lines.append("               \(line)") }
            if let written = file.writtenTo { lines.append("  Written to   \(written)") }
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(Terminal.paint("note: ", .dim) + note) }
        lines.append("")
        if let saved = report.saved {
            lines.append("Saved \(saved.entries) value(s) to \(saved.store)" + (saved.replaced > 0 ? " (replaced \(saved.replaced))" : ""))
        } else {
            lines.append(Terminal.paint("Not saved: add --save to keep these for `dvtool serve` (store: \(options.storePath)).", .dim))
        }
        for warning in report.warnings { lines.append(Terminal.paint("warning: ", .yellow) + warning) }
        return lines.joined(separator: "\n")
    }
}
