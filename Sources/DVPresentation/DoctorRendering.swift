import DVReport
import DVDoctor
import DVTLS

/// `doctor`'s document: one finding per checklist item, the fix under a problem or warning, then the status line.
public enum DoctorRendering {
    public static func document(_ report: DoctorReport, display: String) -> Document {
        let unknown = report.items.filter { $0.verdict == .couldNotCheck }.map(\.title)
        return Document(title: "\("doctor \(display)", .strong)", blocks: [
            .line(""),
            .findings(report.items.map { Finding($0, doc: .readme) }, .checklist),
            .line(""),
            ReportText.status(report.status, ok: "nothing on the checklist is a problem",
                              couldNotCheck: "not every item could be checked (" + unknown.joined(separator: "; ") + ")"),
        ])
    }
}

extension Finding {
    init(_ item: CheckItem, doc: DocPage) {
        let verdict: Verdict = switch item.verdict {
        case .ok: .ok
        case .warning: .warning
        case .problem: .problem
        case .couldNotCheck: .couldNotCheck
        case .info: .info
        }
        self.init(id: item.id, title: item.title, verdict: verdict, detail: item.detail, fix: item.fix, doc: doc.link)
    }
}
