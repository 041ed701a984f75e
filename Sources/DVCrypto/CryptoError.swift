// CryptoError: the one error type of DVCrypto.
import DVBasics
internal import DVOpenSSL

/// A failure in DVCrypto: bad input (a key or CSR that does not parse) or a refusal by OpenSSL.
///
/// `description` is the one line a user reads; `detail` keeps what OpenSSL's error queue said (nine entries
/// for one unreadable key file), for `DVTOOL_DEBUG=1` and bug reports.
/// Two errors are equal when their codes are equal (`CodedError`).
public typealias CryptoError = CodedError<CryptoErrorCode>

/// The codes of `CryptoError`: what went wrong, as a closed set.
public enum CryptoErrorCode: String, Sendable {
    /// The CSPRNG did not deliver (OpenSSL `RAND_bytes` failed).
    case randomUnavailable
    /// A digest could not be computed (e.g. MD5 disabled by a FIPS configuration).
    case digestFailed
    /// Text that should be base64url is not.
    case invalidBase64URL
    /// The key file is not a private key OpenSSL can read.
    case malformedKey
    /// The private key is protected by a passphrase.
    case encryptedKey
    /// A key of a type or curve that ACME accounts do not use.
    case unsupportedKey
    /// The CSR does not parse or its signature does not verify.
    case malformedCSR
    /// OpenSSL failed where it should not have.
    case openSSLFailure
}

extension CodedError where C == CryptoErrorCode {
    /// An error carrying whatever is on this thread's OpenSSL error queue, which is emptied.
    static func openSSL(_ code: Code, _ reason: String) -> CryptoError {
        CryptoError(code, reason, detail: drainOpenSSLErrors())
    }

    /// Empties the calling thread's OpenSSL error queue and returns its entries as one line
    /// (`"error:…; error:…"`), or "" when it was empty.
    ///
    /// OpenSSL keeps errors per thread; call this right after the failing call, on the same thread,
    /// and before any other OpenSSL call.
    static func drainOpenSSLErrors() -> String {
        OpenSSLErrors.drain().map(\.text).joined(separator: "; ")
    }
}
