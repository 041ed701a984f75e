import DVDoctor

/// `doctor`'s text: one line per checklist item, the fix under a problem or warning, then the status line.
public enum DoctorRendering {
    public static func text(_ report: DoctorReport, display: String) -> String {
        var lines = [ANSIStyle.paint("doctor \(display)", .bold), ""]
        for item in report.items {
            let verdict = switch item.verdict {
            case .ok: ANSIStyle.paint("ok     ", .green)
            case .warning: ANSIStyle.paint("warning", .yellow)
            case .problem: ANSIStyle.paint("problem", .red)
            case .couldNotCheck: ANSIStyle.paint("could not check", .yellow)
            case .info: "info   "
            }
            lines.append("\(verdict) \(item.title): \(item.detail)")
            if let fix = item.fix, item.verdict == .problem || item.verdict == .warning { lines.append("        fix: \(fix)") }
        }
        lines.append("")
        let unknown = report.items.filter { $0.verdict == .couldNotCheck }.map(\.title)
        lines.append(ReportText.statusLine(report.status, ok: "nothing on the checklist is a problem",
                                           couldNotCheck: "not every item could be checked (" + unknown.joined(separator: "; ") + ")"))
        return lines.joined(separator: "\n")
    }
}
