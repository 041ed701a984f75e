import DVTXT

/// `caa`'s text (also the CAA part of `txt --ca`): the climb towards the root and the decision.
public enum CAARendering {
    public static func text(_ report: CAAReport) -> String {
        var lines = [ANSIStyle.paint("CAA \(report.wildcard ? "*." : "")\(report.domain) for \(report.ca.name)", .bold)]
        var table = TextTable(header: ["NAME", "RCODE", "CAA RECORDS", "VIA"])
        for step in report.steps {
            table.rows.append([step.name, step.rcode ?? "-",
                               step.error ?? (step.records.isEmpty ? "-" : step.records.sorted().joined(separator: "; ")), step.via])
        }
        lines.append(table.render())
        lines.append("")
        lines += DNSSECRendering.summaryLines(report.dnssec)
        lines += ReportText.problemLines(report.problems.filter { $0.code != .caaBlocks })
        let verdict = switch report.decision {
        case .allowed: ANSIStyle.paint("allowed", .green)
        case .blocked: ANSIStyle.paint("blocked", .red)
        case .lookupFailed: ANSIStyle.paint("blocked (lookup failed)", .red)
        }
        lines.append("\(verdict): \(report.reason)")
        return lines.joined(separator: "\n")
    }
}
