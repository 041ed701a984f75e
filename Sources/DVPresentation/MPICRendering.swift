import DVPerspective

/// `mpic`'s text: every perspective, the quorum, and the CA's verdict in its words.
public enum MPICRendering {
    public static func text(_ report: MPICReport) -> String {
        var table = TextTable(header: ["PERSPECTIVE", "RIR", "ROLE", "RESULT", "DETAIL"])
        for (result, role) in [(report.primary, "primary")] + report.remotes.map({ ($0, "remote") }) {
            let verdict = !result.asked ? "not asked" : !result.answered ? "no answer" : result.passed ? "passed" : "failed"
            table.rows.append([result.code, result.rir, role, verdict, result.passed ? "-" : result.detail])
        }
        let check = report.request.dcvCheckParameters?.validationMethod ?? "caa"
        var lines = [ANSIStyle.paint("MPIC \(check) \(report.request.domainOrIPTarget)", .bold), "", table.render { column, cell in
            guard column == 3 else { return cell }
            return cell == "passed" ? ANSIStyle.paint(cell, .green) : cell == "failed" ? ANSIStyle.paint(cell, .red) : cell
        }, ""]
        let quorum = report.quorum
        lines.append("quorum: \(quorum.result) remote perspectives passed (\(quorum.required) needed), passing RIRs: "
                     + (quorum.passingRIRs.isEmpty ? "none" : quorum.passingRIRs.joined(separator: ", ")) + " (2 needed)")
        if let atQuorum = report.atQuorum, !atQuorum.notWaitedFor.isEmpty {
            lines.append("at quorum: a CA that proceeds once the outcome is decided would have decided after \(atQuorum.answers) answers, "
                         + "without \(atQuorum.notWaitedFor.joined(separator: ", ")): " + (atQuorum.valid ? "valid" : "not valid"))
        }
        lines.append(report.valid ? ANSIStyle.paint("valid", .green) + ": the CA's corroboration would pass"
                                  : ANSIStyle.paint("not valid", .red) + ": \(report.message ?? "")")
        return lines.joined(separator: "\n")
    }
}
