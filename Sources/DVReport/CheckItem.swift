/// How one checklist item came out.
public enum Verdict: String, Sendable, Codable, Comparable {
    case ok
    /// Worth fixing, but not a failure (e.g. expires in 20 days, root included).
    case warning
    case problem
    case couldNotCheck = "could-not-check"
    /// Facts without a judgement.
    case info

    private var rank: Int {
        switch self {
        case .info: 0
        case .ok: 1
        case .warning: 2
        case .couldNotCheck: 3
        case .problem: 4
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}

/// One line of a report: what was checked, the verdict, the evidence and, for a problem, the fix.
public struct CheckItem: Sendable, Codable, Equatable {
    /// Stable identifier, e.g. "key-match", "chain-order", "domain".
    public var id: String
    public var title: String
    public var verdict: Verdict
    public var detail: String
    public var fix: String?

    public init(id: String, title: String, verdict: Verdict, detail: String, fix: String? = nil) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.detail = detail
        self.fix = fix
    }
}

extension Array where Element == CheckItem {
    public var hasProblem: Bool { contains { $0.verdict == .problem } }
    public var worst: Verdict { map(\.verdict).max() ?? .ok }
}
