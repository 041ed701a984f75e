/// An error from a closed set of kinds, with the one line a user reads as its `description`.
///
/// The shared shape of DVSocket's `SocketError`, DVHTTPCheck's `FetchFailure`, DVTLS's `PKIFileError` and
/// `UserFailure` (with DVHook's `HookError`), each a typealias naming its own `Kind` enum. Two errors are equal when
/// kind and message are.
public struct KindedError<K: Hashable & Sendable>: Error, Sendable, Equatable, CustomStringConvertible {
    public typealias Kind = K

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Whose fault a failure is: the user's input (a command line's exit 2) or the system's (a socket that cannot be
/// opened, an address in use: exit 3).
public enum FailureKind: Sendable, Hashable { case badInput, couldNotRun }

/// A failure a user reads in one line, with whose fault it is: what a front end needs to pick its exit code.
public typealias UserFailure = KindedError<FailureKind>

/// An error whose `description` is the one line a user reads and whose `failureKind` says whose fault it is:
/// front ends (the CLI's exit codes, a hook's) decide from it, so a library error passes through them unchanged.
public protocol UserFacingError: Error, CustomStringConvertible {
    var failureKind: FailureKind { get }
    /// What a library kept beside the line (OpenSSL's error queue), for `DVTOOL_DEBUG=1`; empty when nothing.
    var debugDetail: String { get }
}

extension UserFacingError {
    public var debugDetail: String { "" }
}

/// A kind or code that says whose fault its error is, making its `KindedError` or `CodedError` user-facing.
public protocol FailureClassifying {
    var failureKind: FailureKind { get }
}

extension FailureKind: FailureClassifying {
    public var failureKind: FailureKind { self }
}

extension KindedError: UserFacingError where K: FailureClassifying {
    public var failureKind: FailureKind { kind.failureKind }
}

extension CodedError: UserFacingError where C: FailureClassifying {
    public var failureKind: FailureKind { code.failureKind }
    public var debugDetail: String { detail }
}
