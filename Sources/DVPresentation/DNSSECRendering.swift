import DVDNSSEC
import DVReport

/// `dnssec`'s document: one row per link of the chain (and the chain drawn), then what decided it; and the
/// one-line DNSSEC verdicts that resolve, txt, caa and doctor print.
public enum DNSSECRendering {
    public static func document(_ report: DNSSECReport, display: String) -> Document {
        var document = Document(title: "\("DNSSEC \(display) \(report.type)", .strong) (validated as of \(report.validatedAt))")
        var table = DocumentTable(header: ["ZONE", "DS AT PARENT", "DNSKEY", "SIGNATURES", "SERVER", "VERDICT"])
        for step in report.steps {
            table.append([place(step), step.ds.isEmpty ? "-" : step.ds.joined(separator: "; "),
                          step.keys.isEmpty ? "-" : step.keys.joined(separator: "; "),
                          step.signatures.isEmpty ? "-" : step.signatures.joined(separator: "; "),
                          step.server ?? "-", step.verdict.rawValue],
                         tone: { column, cell in column == 5 ? verdictTone(cell) : nil },
                         mark: step.verdict == .secure ? nil : step.verdict.rawValue)
        }
        document.append(.line(""))
        document.append(.chain(chain(report)))
        document.append(.table(table))
        for step in report.steps {
            let place = place(step)
            if let result = step.result { document.append(.line("\(place): \(result)")) }
            if let failure = step.failure {
                document.append(.line("\(place): \(failure.error.name) (EDE \(failure.error.code)): \(failure.error.extraText)"))
                document.append(.line("  fix: \(failure.fix)"))
            }
            for failure in step.unreachable { document.append(.line("\(place): no answer from \(failure)")) }
        }
        document.append(.line(""))
        document.append(ReportText.problems(report.problems, doc: .dnssec))
        let ok = report.verdict == .secure
            ? "\(display) \(report.type) is secure: signed from the trust anchor down"
            : "\(display) \(report.type) is provably unsigned (insecure): CAs accept it without DNSSEC"
        document.append(ReportText.status(report.status, ok: ok, couldNotCheck: "the servers the chain needs did not answer"))
        return document
    }

    private static func place(_ step: DNSSECStep) -> String {
        step.kind == .zone ? step.zone.description : "\(step.name.map { "\($0)" } ?? "") \(step.type ?? "")"
    }

    /// Root → … → name: each zone's DS and keys, the answer's signatures; the first link that is not secure says
    /// why in words.
    static func chain(_ report: DNSSECReport) -> ChainFigure {
        let deciding = report.steps.firstIndex { $0.verdict == .bogus || $0.verdict == .indeterminate }
        let nodes = report.steps.enumerated().map { index, step in
            let lines = step.ds.map { "DS \($0)" } + step.keys.map { "DNSKEY \($0)" } + step.signatures.map { "RRSIG \($0)" }
                + (step.result.map { [$0] } ?? [])
            let reason = step.failure.map { "\($0.error.name): \($0.error.extraText)" }
                ?? (step.verdict == .indeterminate ? "no answer from " + step.unreachable.joined(separator: ", ") : nil)
            return ChainFigure.Node(title: place(step), lines: lines, state: step.verdict.rawValue,
                                    broken: index == deciding, brokenReason: index == deciding ? reason : nil)
        }
        return ChainFigure(caption: "DNSSEC chain of trust for \(report.name) \(report.type): \(report.verdict.rawValue)", nodes: nodes)
    }

    /// "DNSSEC: secure (www.example.com A, AAAA)" or one line per verdict that is not secure.
    static func summaryLines(_ summaries: [DNSSECSummary]?) -> [Block] {
        guard let summaries, !summaries.isEmpty else { return [] }
        if summaries.allSatisfy({ $0.verdict == .secure }) {
            return [.line("DNSSEC: \("secure", .good) (" + summaries.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")")]
        }
        return summaries.map { summary in
            .line("DNSSEC: \(summary.verdict.rawValue, verdictTone(summary.verdict.rawValue)) for \(summary.name) \(summary.type)"
                  + Styled(summary.reason.map { " at \(summary.zone ?? "?"): \($0)" } ?? ""))
        }
    }

    private static func verdictTone(_ cell: String) -> Tone {
        switch cell {
        case "secure": .good
        case "insecure": .caution
        default: .bad
        }
    }
}
