import ArgumentParser
import DVBasics

/// The CLI's own one-line failures; the libraries' errors say whose fault they are (`UserFacingError`) and pass
/// through unchanged. Either way, `exitStatus` maps the fault onto the documented codes.
enum CLIError: UserFacingError {
    /// Exit code 2: the user can fix the command line or input file.
    case badInput(String)
    /// Exit code 3: a network or system condition stopped the check.
    case couldNotCheck(String)

    var description: String {
        switch self {
        case let .badInput(message), let .couldNotCheck(message): message
        }
    }

    var failureKind: FailureKind {
        if case .badInput = self { return .badInput }
        return .couldNotRun
    }
}

extension UserFacingError {
    var exitStatus: ExitCode { failureKind == .badInput ? ExitStatus.badInput : ExitStatus.couldNotCheck }
}
