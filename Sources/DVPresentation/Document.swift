import DVReport

/// What a report says, independent of how it is written: the renderers build one, and `TextWriter` (the terminal,
/// ANSI applied there) or `HTMLWriter` (the self-contained page) writes it. JSON is not a document: it is the
/// report's own `Encodable`, unchanged.
public struct Document: Sendable {
    /// The first line: what was checked ("doctor example.com"); nil for reports that start with their rows.
    public var title: Styled?
    public var blocks: [Block]
    /// The verdict when no `.status` block carries it (cert, mpic: their pass/fail comes from their own rule).
    private var explicitVerdict: DocumentVerdict?

    public init(title: Styled? = nil, blocks: [Block] = [], verdict: DocumentVerdict? = nil) {
        self.title = title
        self.blocks = blocks
        explicitVerdict = verdict
    }

    /// The verdict sentence an HTML page opens with: the report's last status line, read from the same
    /// `CheckStatus` that sets the exit code.
    public var verdict: DocumentVerdict? {
        if let explicitVerdict { return explicitVerdict }
        for case let .status(line) in blocks.reversed() {
            guard line.status == .problem, let first = firstProblem else { return DocumentVerdict(line.status, sentence: line.sentence) }
            // At the top of a page "the problems above" would point nowhere: name the first one instead.
            return DocumentVerdict(.problem, sentence: "\(first.title == first.id ? "" : first.title + ": ")\(first.detail); fix it and any other problem below before asking the CA")
        }
        return nil
    }

    private var firstProblem: Finding? {
        for case let .findings(findings, _) in blocks {
            if let problem = findings.first(where: { $0.verdict == .problem }) { return problem }
        }
        return nil
    }

    public mutating func append(_ block: Block) { blocks.append(block) }

    public mutating func append(lines: [Styled]) { blocks += lines.map(Block.line) }
}

/// A block of a document, in reading order.
public enum Block: Sendable {
    /// A free line (empty: a blank line in text).
    case line(Styled)
    case table(DocumentTable)
    /// Check items or problems: id, title, verdict, detail, fix, doc link.
    case findings([Finding], FindingLayout)
    /// The closing line: ok / FAILED / could not check, worded from the report's `CheckStatus`.
    case status(StatusLine)
    /// A drawing (the DNSSEC chain, the certificate chain): HTML draws it as SVG, text leaves it out (the table says it).
    case chain(ChainFigure)
    /// Counts as bars (a bulk page's certificate expiry): HTML draws them as SVG, text writes `label: count` lines.
    case bars(BarChart)
    /// The report's own rows again as machine data: HTML embeds it in `<script type="application/json">`.
    case data(String)
}

/// The page's opening verdict: `data-verdict` is `ok`, `problem` or `could-not-check`.
public struct DocumentVerdict: Sendable {
    public var status: CheckStatus
    public var sentence: String

    public init(_ status: CheckStatus, sentence: String) {
        self.status = status
        self.sentence = sentence
    }

    public var word: String {
        switch status {
        case .ok: "ok"
        case .problem: "problem"
        case .error: "could-not-check"
        }
    }
}

public struct StatusLine: Sendable {
    public var status: CheckStatus
    public var ok: String
    public var couldNotCheck: String

    /// What the line says after its tag.
    public var sentence: String {
        switch status {
        case .ok: ok
        case .problem: "fix the problems above before asking the CA"
        case .error: couldNotCheck
        }
    }
}

/// A table: header, rows, a tone per cell, and rows marked with why (servers that disagree).
public struct DocumentTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []
    public var tones: [[Tone?]] = []
    /// Row index → why it stands out ("mismatch"); HTML marks the row and names it above the table.
    public var marks: [Int: String] = [:]

    public init(header: [String]) { self.header = header }

    public mutating func append(_ row: [String], tone: (Int, String) -> Tone? = { _, _ in nil }, mark: String? = nil) {
        if let mark { marks[rows.count] = mark }
        rows.append(row)
        tones.append(row.enumerated().map { tone($0.offset, $0.element) })
    }
}

/// One check item or problem.
public struct Finding: Sendable {
    public enum Verdict: String, Sendable {
        case ok, warning, problem, info
        case couldNotCheck = "could-not-check"
    }

    public var id: String
    public var title: String
    public var verdict: Verdict
    public var detail: String
    public var fix: String?
    /// The page of the documentation that explains the check (installed with the package).
    public var doc: String?
}

/// How the text writer lays out findings (each report kept its own since its first release).
public enum FindingLayout: Sendable {
    /// `doctor`: "problem Title: detail", the fix under a problem or warning.
    case checklist
    /// `cert`: verdict column, titles padded, the fix under a problem, warning or could-not-check.
    case aligned
    /// DNS reports: "problem [code] message".
    case problems
}

/// A chain drawn top (the trust anchor or the leaf) to bottom; a broken link is labelled in words.
public struct ChainFigure: Sendable {
    public struct Node: Sendable {
        public var title: String
        public var lines: [String]
        /// "secure", "bogus", "leaf", "missing": written in the box, so colour is never the only signal.
        public var state: String
        public var broken: Bool
        /// Why the link into this node is broken, in words ("DS 2371/8/2 matches no DNSKEY").
        public var brokenReason: String?

        public init(title: String, lines: [String], state: String, broken: Bool = false, brokenReason: String? = nil) {
            self.title = title
            self.lines = lines
            self.state = state
            self.broken = broken
            self.brokenReason = brokenReason
        }
    }

    public var caption: String
    public var nodes: [Node]

    public init(caption: String, nodes: [Node]) {
        self.caption = caption
        self.nodes = nodes
    }
}

extension Document {
    /// The title as a line, then the blocks: a document nested in another (the CAA part of `txt --ca`).
    public var titledBlocks: [Block] { (title.map { [Block.line($0)] } ?? []) + blocks }

    /// One page for several documents (`caa` over several names): the worst verdict first, each sentence kept.
    public static func merging(_ documents: [Document]) -> Document {
        let verdicts = documents.compactMap(\.verdict)
        let status = CheckStatus.combining(verdicts.map(\.status))
        return Document(title: nil, blocks: documents.flatMap { $0.titledBlocks + [.line("")] },
                        verdict: DocumentVerdict(status, sentence: verdicts.map(\.sentence).joined(separator: "; ")))
    }
}
