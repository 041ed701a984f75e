import ArgumentParser

/// The exit codes every subcommand uses; README.md documents them.
enum ExitStatus {
    /// Everything checked is fine.
    static let ok = ExitCode(0)
    /// The check ran and found a problem.
    static let checkFailed = ExitCode(1)
    /// The command line or an input file is wrong.
    static let badInput = ExitCode(2)
    /// The check could not run (network, timeouts, unreachable servers).
    static let couldNotCheck = ExitCode(3)
}
