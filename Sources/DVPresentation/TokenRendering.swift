import DVBasics
import DVToken

/// What a `token` subcommand made: the names, the values, each DNS record and file, notes, and where it was saved.
public enum TokenRendering {
    /// `storePath` is named in the hint to --save when the values were not saved.
    public static func text(_ report: TokenReport, storePath: String) -> String {
        var lines: [String] = []
        for name in report.domains {
            lines.append(ANSIStyle.paint(name.ascii, .bold) + (name.unicode != name.ascii ? "  (Unicode: \(name.unicode))" : ""))
        }
        let width = (report.values.map(\.label.count).max() ?? 0) + 2
        for (_, label, value) in report.values {
            lines.append(label.padded(toLength: width) + value)
        }
        for record in report.records {
            lines.append("")
            lines.append(ANSIStyle.paint("DNS \(record.type) record" + (report.domains.count > 1 ? " for \(record.domain)" : ""), .bold))
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
            lines.append(ANSIStyle.paint("File" + (report.domains.count > 1 ? " for \(file.domain)" : ""), .bold))
            lines.append("  URL          \(file.url)")
            lines.append("  Path         \(file.path)")
            let body = file.body.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("  Content      \(body.first ?? "")")
            for line in body.dropFirst() { lines.append("               \(line)") }
            if let written = file.writtenTo { lines.append("  Written to   \(written)") }
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(ANSIStyle.paint("note: ", .dim) + note) }
        lines.append("")
        if let saved = report.saved {
            lines.append("Saved \(saved.entries) value(s) to \(saved.store)" + (saved.replaced > 0 ? " (replaced \(saved.replaced))" : ""))
        } else {
            lines.append(ANSIStyle.paint("Not saved: add --save to keep these for `dvtool serve` (store: \(storePath)).", .dim))
        }
        for warning in report.warnings { lines.append(ANSIStyle.paint("warning: ", .yellow) + warning) }
        return lines.joined(separator: "\n")
    }
}
