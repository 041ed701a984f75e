/// An error from a closed set of kinds, with the one line a user reads as its `description`.
///
/// The shared shape of DVSocket's `SocketError`, DVHTTPCheck's `FetchFailure` and DVTLS's `PKIFileError`
/// (each a typealias naming its own `Kind` enum). Two errors are equal when kind and message are.
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
