// TokenError: the one error type of DVToken.
import DVBasics
import DVCrypto

/// A failure in DVToken: bad input (domain, token, value, CSR, key) or a store that cannot be read or written.
/// `description` is one line for a user. Two errors are equal when their codes are equal.
public typealias TokenError = CodedError<TokenErrorCode>

/// The codes of `TokenError`.
public enum TokenErrorCode: String, Sendable {
    case invalidDomain, invalidZone, invalidToken, invalidValue
    /// A key, CSR or digest problem reported by DVCrypto.
    case crypto
    /// The store or an output file exists and `--force` was not given.
    case exists
    /// The store file does not exist.
    case storeMissing
    /// The store file is not JSON of a version this dvtool reads.
    case storeUnreadable
    /// A file could not be written (permissions, disk full, …).
    case writeFailed
}

extension CodedError where C == TokenErrorCode {
    init(_ error: CryptoError) {
        self.init(.crypto, error.description)
    }
}

/// A domain, token, value or store the user gave; only a write the system refused is not theirs to fix.
extension TokenErrorCode: FailureClassifying {
    public var failureKind: FailureKind { self == .writeFailed ? .couldNotRun : .badInput }
}
