import DVReport
import ArgumentParser
import DVResolve

/// A report's last line and the process exit code, both read from the report's one `CheckStatus`
/// (which the checks derive from their rows): the summary cannot say "ok" while the exit code says otherwise.
enum StatusLine {
    static func summary(_ status: CheckStatus, ok: String, couldNotCheck: String) -> String {
        switch status {
        case .ok: Terminal.paint("ok", .green) + ": " + ok
        case .problem: Terminal.paint("FAILED", .red) + ": fix the problems above before asking the CA"
        case .error: Terminal.paint("could not check", .red) + ": " + couldNotCheck
        }
    }

    static func exitCode(_ status: CheckStatus) -> ExitCode { ExitCode(status.exitCode) }

    /// Ends a command: returns for `ok`, throws the documented exit code otherwise.
    static func finish(_ status: CheckStatus) throws {
        if status != .ok { throw exitCode(status) }
    }
}
