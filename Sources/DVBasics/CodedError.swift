/// A module's one error type: a code from a closed set, the user-facing `reason` (one line, also the
/// `description`) and an optional `detail` for debugging (what a library such as OpenSSL said).
///
/// DVCrypto's `CryptoError` and DVToken's `TokenError` are typealiases naming their own `Code` enums.
/// Two errors are equal when their codes are equal.
public struct CodedError<C: Hashable & Sendable>: Error, Sendable, Equatable, CustomStringConvertible {
    public typealias Code = C

    public let code: Code
    /// The user-facing reason, one line.
    public let reason: String
    /// Extra text for `DVTOOL_DEBUG=1` and bug reports (empty when there is none).
    public let detail: String

    public init(_ code: Code, _ reason: String, detail: String = "") {
        self.code = code
        self.reason = reason
        self.detail = detail
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
