import ArgumentParser
import DVReport

/// The exit codes every subcommand uses; README.md documents them. Every command ends in `finish`, the one
/// place a report's outcome becomes a code.
enum ExitStatus {
    /// The command line or an input file is wrong.
    static let badInput = ExitCode(2)
    /// The check could not run (network, timeouts, unreachable servers).
    static let couldNotCheck = ExitCode(3)

    /// Ends a command: returns for `ok`, throws the documented exit code otherwise. The report's one
    /// `CheckStatus` also words its last line (`ReportText.statusLine`): the summary cannot say "ok" while the
    /// exit code says otherwise. `badInput`: some input lines were refused (a bulk run's bad lines, exit 2 over
    /// the status). `passingOn`: the exit code of a program dvtool ran for the user (a hook's provider command,
    /// `explain --run`'s check); when given it is the code, unchanged, as documented.
    static func finish(_ status: CheckStatus, badInput refusedLines: Bool = false, passingOn programCode: Int32? = nil) throws {
        if let programCode {
            if programCode != 0 { throw ExitCode(programCode) }
            return
        }
        if refusedLines { throw badInput }
        if status != .ok { throw ExitCode(status.exitCode) }
    }
}
