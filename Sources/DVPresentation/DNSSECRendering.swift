import DVDNSSEC
import DVReport

/// `dnssec`'s text: one row per link of the chain, then what decided it; and the one-line DNSSEC verdicts that
/// resolve, txt, caa and doctor print.
public enum DNSSECRendering {
    public static func text(_ report: DNSSECReport, display: String) -> String {
        var lines = [ANSIStyle.paint("DNSSEC \(display) \(report.type)", .bold)
                     + " (validated as of \(report.validatedAt))"]
        var table = TextTable(header: ["ZONE", "DS AT PARENT", "DNSKEY", "SIGNATURES", "SERVER", "VERDICT"])
        for step in report.steps {
            let zone = step.kind == .zone ? step.zone.description : "\(step.name.map { "\($0)" } ?? "") \(step.type ?? "")"
            table.rows.append([zone, step.ds.isEmpty ? "-" : step.ds.joined(separator: "; "),
                               step.keys.isEmpty ? "-" : step.keys.joined(separator: "; "),
                               step.signatures.isEmpty ? "-" : step.signatures.joined(separator: "; "),
                               step.server ?? "-", step.verdict.rawValue])
        }
        lines.append("")
        lines.append(table.render { column, cell in column == 5 ? verdictCell(cell) : cell })
        for step in report.steps {
            let place = step.kind == .zone ? "\(step.zone)" : "\(step.name.map { "\($0)" } ?? "") \(step.type ?? "")"
            if let result = step.result { lines.append("\(place): \(result)") }
            if let failure = step.failure {
                lines.append("\(place): \(failure.error.name) (EDE \(failure.error.code)): \(failure.error.extraText)")
                lines.append("  fix: \(failure.fix)")
            }
            for failure in step.unreachable { lines.append("\(place): no answer from \(failure)") }
        }
        lines.append("")
        lines += ReportText.problemLines(report.problems)
        let ok = report.verdict == .secure
            ? "\(display) \(report.type) is secure: signed from the trust anchor down"
            : "\(display) \(report.type) is provably unsigned (insecure): CAs accept it without DNSSEC"
        lines.append(ReportText.statusLine(report.status, ok: ok, couldNotCheck: "the servers the chain needs did not answer"))
        return lines.joined(separator: "\n")
    }

    /// "DNSSEC: secure (www.example.com A, AAAA)" or one line per verdict that is not secure.
    static func summaryLines(_ summaries: [DNSSECSummary]?) -> [String] {
        guard let summaries, !summaries.isEmpty else { return [] }
        if summaries.allSatisfy({ $0.verdict == .secure }) {
            return ["DNSSEC: " + verdictCell("secure") + " (" + summaries.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"]
        }
        return summaries.map { summary in
            "DNSSEC: " + verdictCell(summary.verdict.rawValue) + " for \(summary.name) \(summary.type)"
                + (summary.reason.map { " at \(summary.zone ?? "?"): \($0)" } ?? "")
        }
    }

    private static func verdictCell(_ cell: String) -> String {
        switch cell {
        case "secure": ANSIStyle.paint(cell, .green)
        case "insecure": ANSIStyle.paint(cell, .yellow)
        default: ANSIStyle.paint(cell, .red)
        }
    }
}
