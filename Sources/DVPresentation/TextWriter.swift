import DVBasics
import DVReport

/// Writes a `Document` as the terminal text dvtool has always printed; the tones become ANSI colours here (and
/// only with `colour`), so the renderers say what a word means, not how it is painted.
public struct TextWriter: Sendable {
    /// ANSI colours: by default when stdout is a terminal and NO_COLOR is unset; never in a file.
    public var colour: Bool

    public init(colour: Bool = ANSIStyle.enabled) { self.colour = colour }

    public func write(_ document: Document) -> String {
        var lines = document.title.map { [paint($0)] } ?? []
        for block in document.blocks { lines += self.lines(block) }
        return lines.joined(separator: "\n")
    }

    func lines(_ block: Block) -> [String] {
        switch block {
        case let .line(styled): [paint(styled)]
        case let .table(table): [write(table)]
        case let .findings(findings, layout): findingLines(findings, layout)
        case let .status(line): [statusLine(line)]
        case let .bars(chart): [chart.caption] + chart.lines
        case .chain, .data: []
        }
    }

    public func paint(_ styled: Styled) -> String {
        styled.runs.map { run in run.tone.map { ANSIStyle.paint(run.text, Self.ansi($0), when: colour) } ?? run.text }.joined()
    }

    private static func ansi(_ tone: Tone) -> ANSIStyle.Colour {
        switch tone {
        case .strong: .bold
        case .good: .green
        case .bad: .red
        case .caution: .yellow
        case .faint: .dim
        }
    }

    /// Left-aligned columns as wide as their widest cell, two spaces apart, the header bold.
    public func write(_ table: DocumentTable) -> String {
        let widths = table.header.indices.map { column in ([table.header] + table.rows).map { $0[column].count }.max() ?? 0 }
        func format(_ cells: [String], tones: [Tone?]) -> String {
            var line = cells.enumerated().map { column, cell in
                let padded = cell.padded(toLength: widths[column])
                return tones[column].map { ANSIStyle.paint(padded, Self.ansi($0), when: colour) } ?? padded
            }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        let header = format(table.header, tones: table.header.map { _ in nil })
        return ([ANSIStyle.paint(header, .bold, when: colour)] + zip(table.rows, table.tones).map(format)).joined(separator: "\n")
    }

    func statusLine(_ line: StatusLine) -> String {
        switch line.status {
        case .ok: paint("\("ok", .good): \(line.sentence)")
        case .problem: paint("\("FAILED", .bad): \(line.sentence)")
        case .error: paint("\("could not check", .bad): \(line.sentence)")
        }
    }

    private func findingLines(_ findings: [Finding], _ layout: FindingLayout) -> [String] {
        switch layout {
        case .problems:
            return findings.map { paint("\(Self.label($0.verdict, layout)) [\($0.id)] \($0.detail)") }
        case .checklist:
            return findings.flatMap { finding in
                ["\(paint(Self.label(finding.verdict, layout))) \(finding.title): \(finding.detail)"]
                    + (finding.fix.map { fix in [.problem, .warning].contains(finding.verdict) ? ["        fix: \(fix)"] : [] } ?? [])
            }
        case .aligned:
            let width = min(28, findings.map(\.title.count).max() ?? 0)
            return [findings.map { finding in
                var line = "  \(paint(Self.label(finding.verdict, layout)))\(finding.title.padded(toLength: max(width, finding.title.count)))  \(finding.detail)"
                if let fix = finding.fix, [.problem, .warning, .couldNotCheck].contains(finding.verdict) {
                    line += "\n" + String(repeating: " ", count: 12) + "fix: " + fix
                }
                return line
            }.joined(separator: "\n")]
        }
    }

    /// The verdict word each layout has always used.
    private static func label(_ verdict: Finding.Verdict, _ layout: FindingLayout) -> Styled {
        switch (layout, verdict) {
        case (.problems, .problem): "\("problem", .bad)"
        case (.problems, _): "\("warning", .caution)"
        case (.checklist, .ok): "\("ok     ", .good)"
        case (.checklist, .warning): "\("warning", .caution)"
        case (.checklist, .problem): "\("problem", .bad)"
        case (.checklist, .couldNotCheck): "\("could not check", .caution)"
        case (.checklist, .info): "info   "
        case (.aligned, .ok): "\("ok      ", .good)"
        case (.aligned, .warning): "\("warning ", .caution)"
        case (.aligned, .problem): "\("PROBLEM ", .bad)"
        case (.aligned, .couldNotCheck): "\("could not check", .caution)"
        case (.aligned, .info): "\("info    ", .faint)"
        }
    }
}
