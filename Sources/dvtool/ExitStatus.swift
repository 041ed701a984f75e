import ArgumentParser
import DVReport

/// The exit codes every subcommand uses; README.md documents them.
enum ExitStatus {
    /// The check ran and found a problem.
    static let checkFailed = ExitCode(1)
    /// The command line or an input file is wrong.
    static let badInput = ExitCode(2)
    /// The check could not run (network, timeouts, unreachable servers).
    static let couldNotCheck = ExitCode(3)

    /// The code for a report's one `CheckStatus`, which also words the report's last line
    /// (`ReportText.statusLine`): the summary cannot say "ok" while the exit code says otherwise.
    static func of(_ status: CheckStatus) -> ExitCode { ExitCode(status.exitCode) }

    /// Ends a command: returns for `ok`, throws the documented exit code otherwise.
    static func finish(_ status: CheckStatus) throws {
        if status != .ok { throw of(status) }
    }
}
