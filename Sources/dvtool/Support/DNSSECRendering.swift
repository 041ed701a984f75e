import DVDNSSEC
import DVReport

enum DNSSECRendering {
    static func text(_ report: DNSSECReport, display: String) -> String {
        var lines = [Terminal.paint("DNSSEC \(display) \(report.type)", .bold) + " (validated at \(ValidationMoment(secondsSince1970: report.validatedAt)))"]
        var table = TextTable(header: ["STEP", "ZONE", "DS AT PARENT", "KEYS", "SIGNATURES", "SERVER", "VERDICT"])
        for step in report.steps {
            let what = step.kind == .zone ? "zone cut" : "\(step.name.map(String.init(describing:)) ?? "") \(step.type ?? "")"
            table.rows.append([what, step.zone.description, step.ds.isEmpty ? "-" : step.ds.joined(separator: "; "),
                               step.keys.isEmpty ? "-" : step.keys.joined(separator: "; "),
                               step.signatures.isEmpty ? "-" : step.signatures.joined(separator: "; "),
                               step.server ?? "-", step.verdict.rawValue])
        }
        lines.append("")
        lines.append(table.render { column, cell in
            guard column == 6 else { return cell }
            switch cell {
            case "secure": return Terminal.paint(cell, .green)
            case "insecure": return cell
            default: return Terminal.paint(cell, .red)
            }
        })
        for step in report.steps {
            if let result = step.result { lines.append("\(step.zone): \(result)") }
            if let failure = step.failure {
                lines.append("\(step.zone): \(failure.error.name) (EDE \(failure.error.code)): \(failure.error.extraText)")
                lines.append("  fix: \(failure.fix)")
            }
            for failure in step.unreachable { lines.append("\(step.zone): no answer from \(failure)") }
        }
        lines.append("")
        lines += TXTRendering.problemLines(report.problems)
        let ok = report.verdict == .secure
            ? "\(display) \(report.type) is secure: signed from the trust anchor down"
            : "\(display) \(report.type) is provably unsigned (insecure): CAs accept it without DNSSEC"
        lines.append(StatusLine.summary(report.status, ok: ok, couldNotCheck: "the servers the chain needs did not answer"))
        return lines.joined(separator: "\n")
    }
}
