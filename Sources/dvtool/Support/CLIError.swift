/// Failures the CLI reports in one line before exiting with a documented code.
enum CLIError: Error, CustomStringConvertible {
    /// Exit code 2: the user can fix the command line or input file.
    case badInput(String)
    /// Exit code 3: a network or system condition stopped the check.
    case couldNotCheck(String)

    var description: String {
        switch self {
        case let .badInput(message), let .couldNotCheck(message): message
        }
    }
}
