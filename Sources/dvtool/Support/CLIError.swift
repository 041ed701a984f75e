import ArgumentParser
import DVBasics
import DVFlush
import DVPerspective
import DVTLS
import DVToken
import DVTXT

/// A failure reported in one line before exiting with a documented code: the CLI's own, and the libraries'
/// errors whose kind already says which code, so a command lets them through unchanged.
protocol OneLineFailure: Error, CustomStringConvertible {
    var exitStatus: ExitCode { get }
    /// What a library kept beside the line (OpenSSL's error queue), for `DVTOOL_DEBUG=1`.
    var debugDetail: String { get }
}

extension OneLineFailure {
    var debugDetail: String { "" }
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

/// The kind of a library's `KindedError`, knowing its exit code.
protocol ExitKind { var exitStatus: ExitCode { get } }

extension KindedError: OneLineFailure where K: ExitKind {
    var exitStatus: ExitCode { kind.exitStatus }
}

extension FailureKind: ExitKind {
    var exitStatus: ExitCode { self == .badInput ? ExitStatus.badInput : ExitStatus.couldNotCheck }
}

/// A certificate, key or chain file the user named that cannot be used.
extension PKIFileErrorKind: ExitKind {
    var exitStatus: ExitCode { ExitStatus.badInput }
}

/// A domain, token, value or store the user gave; only a write the system refused is not theirs to fix.
extension CodedError: OneLineFailure where C == TokenErrorCode {
    var exitStatus: ExitCode { code == .writeFailed ? ExitStatus.couldNotCheck : ExitStatus.badInput }
    var debugDetail: String { detail }
}

extension LineReader.OpenError: OneLineFailure {
    var exitStatus: ExitCode { ExitStatus.badInput }
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
