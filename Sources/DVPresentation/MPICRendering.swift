import DVPerspective
import DVReport

/// `mpic`'s document: every perspective, the quorum, and the CA's verdict in its words.
public enum MPICRendering {
    public static func document(_ report: MPICReport) -> Document {
        var table = DocumentTable(header: ["PERSPECTIVE", "RIR", "ROLE", "RESULT", "DETAIL"])
        for (result, role) in [(report.primary, "primary")] + report.remotes.map({ ($0, "remote") }) {
            let verdict = !result.asked ? "not asked" : !result.answered ? "no answer" : result.passed ? "passed" : "failed"
            table.append([result.code, result.rir, role, verdict, result.passed ? "-" : result.detail],
                         tone: { column, cell in column != 3 ? nil : cell == "passed" ? .good : cell == "failed" ? .bad : nil },
                         mark: result.passed || !result.asked ? nil : verdict)
        }
        let check = report.request.dcvCheckParameters?.validationMethod ?? "caa"
        let sentence = report.valid ? "the CA's corroboration would pass" : report.message ?? ""
        var document = Document(title: "\("MPIC \(check) \(report.request.domainOrIPTarget)", .strong)",
                                blocks: [.line(""), .table(table), .line("")],
                                verdict: DocumentVerdict(report.valid ? .ok : .problem, sentence: (report.valid ? "valid: " : "not valid: ") + sentence))
        let quorum = report.quorum
        let rirs = quorum.passingRIRs.isEmpty ? "none" : quorum.passingRIRs.joined(separator: ", ")
        document.append(.line("quorum: \(quorum.result) remote perspectives passed (\(quorum.required) needed), passing RIRs: \(rirs) (2 needed)"))
        if let atQuorum = report.atQuorum, !atQuorum.notWaitedFor.isEmpty {
            document.append(.line(Styled("at quorum: a CA that proceeds once the outcome is decided would have decided after \(atQuorum.answers) answers, "
                                         + "without \(atQuorum.notWaitedFor.joined(separator: ", ")): " + (atQuorum.valid ? "valid" : "not valid"))))
        }
        document.append(.line(report.valid ? "\("valid", .good): \(sentence)" : "\("not valid", .bad): \(sentence)"))
        if let rule = MPICCalendarRendering.line(report.calendar) { document.append(.line(Styled(rule))) }
        return document
    }
}
