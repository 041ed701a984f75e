/// The outcome of one check: what a command's summary line and exit code say. Every command derives it from
/// its rows and problems through `CheckStatus.judge`, so the summary can never say "ok" while a row does not.
public enum CheckStatus: String, Sendable, Codable {
    /// Every row is fine: the CA will see what was expected.
    case ok
    /// At least one row is not fine, or a problem of severity `error`: not yet.
    case problem
    /// The check could not run (no server reachable, discovery failed).
    case error

    /// The one rule. Nothing could be asked ⇒ `error`; any failing row or error problem ⇒ `problem`; some part
    /// could not be checked (and nothing failed) ⇒ `error`; only then `ok`.
    public static func judge(problems: [Problem] = [], failingRows: Int, uncheckedRows: Int = 0,
                             anyServerAnswered: Bool = true) -> CheckStatus {
        guard anyServerAnswered else { return .error }
        if failingRows > 0 || problems.contains(where: { $0.severity == .error }) { return .problem }
        return uncheckedRows > 0 ? .error : .ok
    }

    /// The same rule for problems found after the rows were judged (DNSSEC, checked beside them): an error
    /// problem makes it `problem`, even over `error` (a definite refusal outweighs what could not be asked).
    public func including(_ problems: [Problem]) -> CheckStatus {
        problems.contains { $0.severity == .error } ? .problem : self
    }

    /// Several checks' statuses as one, by the same rule: any problem ⇒ `problem`; else any `error` ⇒ `error`.
    public static func combining(_ statuses: [CheckStatus]) -> CheckStatus {
        .judge(failingRows: statuses.filter { $0 == .problem }.count, uncheckedRows: statuses.filter { $0 == .error }.count)
    }

    /// The process exit code (README "Exit codes"): 0 ok, 1 a problem, 3 could not check.
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .problem: 1
        case .error: 3
        }
    }
}
