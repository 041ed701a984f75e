import DVReport

/// The pieces every DNS report's text shares: problem lines, the verdict column, round-trip times and the
/// closing status line.
public enum ReportText {
    /// A report's last line, read from its one `CheckStatus` (which also sets the exit code), so the line cannot
    /// say "ok" while the exit code says otherwise.
    public static func statusLine(_ status: CheckStatus, ok: String, couldNotCheck: String) -> String {
        switch status {
        case .ok: ANSIStyle.paint("ok", .green) + ": " + ok
        case .problem: ANSIStyle.paint("FAILED", .red) + ": fix the problems above before asking the CA"
        case .error: ANSIStyle.paint("could not check", .red) + ": " + couldNotCheck
        }
    }

    /// What a DNS report's "could not check" line says: nothing was asked, or only part of it.
    static func couldNotCheck(anyAuthoritativeAnswered: Bool) -> String {
        anyAuthoritativeAnswered ? "some servers or resolvers could not be asked from here (see above): what they hold is unknown"
            : "no authoritative server could be asked"
    }

    static func problemLines(_ problems: [Problem]) -> [String] {
        problems.map { problem in
            let tag = problem.severity == .error ? ANSIStyle.paint("problem", .red) : ANSIStyle.paint("warning", .yellow)
            return "\(tag) [\(problem.code)] \(problem.message)"
        }
    }

    /// A VERDICT cell: green when it starts with "ok", red otherwise.
    static func verdictCell(_ cell: String) -> String {
        cell.hasPrefix("ok") ? ANSIStyle.paint(cell, .green) : ANSIStyle.paint(cell, .red)
    }

    /// A round-trip time rounded to a tenth of a millisecond: "12.3ms".
    static func milliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))ms"
    }
}
