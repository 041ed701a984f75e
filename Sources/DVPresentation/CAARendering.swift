import DVCAA

/// `caa`'s text (also the CAA part of `txt --ca`): the climb towards the root and the decision.
public enum CAARendering {
    public static func text(_ report: CAAReport) -> String {
        var lines = [ANSIStyle.paint("CAA \(report.wildcard ? "*." : "")\(report.domain) for \(report.ca.name)", .bold)]
        var table = TextTable(header: ["NAME", "RCODE", "CAA RECORDS", "VIA"])
        for step in report.steps {
            table.rows.append([step.name, step.rcode ?? "-",
                               step.error ?? (step.records.isEmpty ? "-" : CAAReport.summary(of: step.records)), step.via])
        }
        lines.append(table.render())
        lines.append("")
        lines += DNSSECRendering.summaryLines(report.dnssec)
        lines += ReportText.problemLines(report.problems.filter { $0.code != .caaBlocks && $0.code != .caaLookupFailed })
        let verdict = switch (report.decision, report.status) {
        case (.allowed, _): ANSIStyle.paint("allowed", .green)
        case (.blocked, _): ANSIStyle.paint("blocked", .red)
        case (.lookupFailed, .problem): ANSIStyle.paint("blocked (lookup failed)", .red)
        case (.lookupFailed, _): ANSIStyle.paint("could not check", .yellow)
        }
        lines.append("\(verdict): \(report.reason)")
        return lines.joined(separator: "\n")
    }
}
