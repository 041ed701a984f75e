import DVBasics
import DVToken

/// What a `token` subcommand made: the names, the values, each DNS record and file, notes, and where it was saved.
public enum TokenRendering {
    /// `storePath` is named in the hint to --save when the values were not saved.
    public static func document(_ report: TokenReport, storePath: String) -> Document {
        var lines: [Styled] = []
        for name in report.domains {
            lines.append(Styled(name.ascii, .strong) + (name.unicode != name.ascii ? "  (Unicode: \(name.unicode))" : ""))
        }
        let width = (report.values.map(\.label.count).max() ?? 0) + 2
        for (_, label, value) in report.values {
            lines.append(Styled(label.padded(toLength: width) + value))
        }
        for record in report.records {
            lines.append("")
            lines.append(Styled("DNS \(record.type) record" + (report.domains.count > 1 ? " for \(record.domain)" : ""), .strong))
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
            lines.append(Styled("File" + (report.domains.count > 1 ? " for \(file.domain)" : ""), .strong))
            lines.append("  URL          \(file.url)")
            lines.append("  Path         \(file.path)")
            let body = file.body.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("  Content      \(body.first ?? "")")
            for line in body.dropFirst() { lines.append("               \(line)") }
            if let written = file.writtenTo { lines.append("  Written to   \(written)") }
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(Styled("note: ", .faint) + note) }
        lines.append("")
        if let saved = report.saved {
            lines.append("Saved \(saved.entries) value(s) to \(saved.store)" + (saved.replaced > 0 ? " (replaced \(saved.replaced))" : ""))
        } else {
            lines.append(Styled("Not saved: add --save to keep these for `dvtool serve` (store: \(storePath)).", .faint))
        }
        for warning in report.warnings { lines.append(Styled("warning: ", .caution) + warning) }
        return Document(blocks: lines.map(Block.line))
    }
}
