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
