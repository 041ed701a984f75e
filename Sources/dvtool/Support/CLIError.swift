import ArgumentParser
import DVBasics
import DVChecks
import DVFlush
import DVHook
import DVPerspective
import DVTXT

/// A failure reported in one line before exiting with a documented code: the CLI's own, and the libraries'
/// errors whose kind already says which code, so a command lets them through unchanged.
protocol OneLineFailure: Error, CustomStringConvertible {
    var exitStatus: ExitCode { get }
}

enum CLIError: OneLineFailure {
    /// Exit code 2: the user can fix the command line or input file.
    case badInput(String)
    /// Exit code 3: a network or system condition stopped the check.
    case couldNotCheck(String)

    var description: String {
        switch self {
        case let .badInput(message), let .couldNotCheck(message): message
        }
    }

    var exitStatus: ExitCode {
        if case .badInput = self { return ExitStatus.badInput }
        return ExitStatus.couldNotCheck
    }
}

extension KindedError: OneLineFailure where K == SetupErrorKind {
    var exitStatus: ExitCode { kind == .badInput ? ExitStatus.badInput : ExitStatus.couldNotCheck }
}

extension HookError: OneLineFailure {
    var exitStatus: ExitCode { kind == .badInput ? ExitStatus.badInput : ExitStatus.couldNotCheck }
}

extension UnknownCertificateAuthority: OneLineFailure {
    var exitStatus: ExitCode { ExitStatus.badInput }
}

extension MPICRequest.InvalidRequest: OneLineFailure {
    var exitStatus: ExitCode { ExitStatus.badInput }
}

extension PerspectiveConfig.ConfigError: OneLineFailure {
    var exitStatus: ExitCode { ExitStatus.badInput }
}

extension FlushPlanError: OneLineFailure {
    var exitStatus: ExitCode { ExitStatus.badInput }
}
