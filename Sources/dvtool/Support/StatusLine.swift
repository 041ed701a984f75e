import ArgumentParser
import DVReport

/// The process exit code, read from a report's one `CheckStatus` (which also words the report's last line,
/// `ReportText.statusLine`): the summary cannot say "ok" while the exit code says otherwise.
enum StatusLine {
    static func exitCode(_ status: CheckStatus) -> ExitCode { ExitCode(status.exitCode) }

    /// Ends a command: returns for `ok`, throws the documented exit code otherwise.
    static func finish(_ status: CheckStatus) throws {
        if status != .ok { throw exitCode(status) }
    }
}
