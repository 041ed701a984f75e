import DVReport
import DVCAA

/// `caa`'s document (also the CAA part of `txt --ca`): the climb towards the root and the decision.
public enum CAARendering {
    public static func document(_ report: CAAReport) -> Document {
        var table = DocumentTable(header: ["NAME", "RCODE", "CAA RECORDS", "VIA"])
        for step in report.steps {
            table.append([step.name, step.rcode ?? "-",
                          step.error ?? (step.records.isEmpty ? "-" : CAAReport.summary(of: step.records)), step.via],
                         mark: step.error.map { _ in "lookup failed" })
        }
        let verdict: Styled = switch (report.decision, report.status) {
        case (.allowed, _): "\("allowed", .good)"
        case (.blocked, _): "\("blocked", .bad)"
        case (.lookupFailed, .problem): "\("blocked (lookup failed)", .bad)"
        case (.lookupFailed, _): "\("could not check", .caution)"
        }
        var document = Document(title: "\("CAA \(report.wildcard ? "*." : "")\(report.domain) for \(report.ca.name)", .strong)",
                                blocks: [.table(table), .line("")],
                                verdict: DocumentVerdict(report.status, sentence: "\(verdict.plain): \(report.reason)"))
        document.blocks += DNSSECRendering.summaryLines(report.dnssec)
        document.append(ReportText.problems(report.problems.filter { $0.code != .caaBlocks && $0.code != .caaLookupFailed }))
        document.append(.line("\(verdict): \(report.reason)"))
        return document
    }
}
