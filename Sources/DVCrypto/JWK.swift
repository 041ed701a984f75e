// JWK: the public part of an account key as RFC 7517 members, and its RFC 7638 thumbprint.

/// A public JSON Web Key reduced to the members RFC 7638 requires for a thumbprint.
///
/// Octet strings are kept as bytes: RSA `n`/`e` big-endian without leading zero bytes, EC `x`/`y` at the
/// full coordinate length of the curve (RFC 7518 §6.2.1.2), OKP `x` as the raw public key (RFC 8037).
public enum JWK: Sendable, Equatable {
    case rsa(n: [UInt8], e: [UInt8])
    /// `curve` is the JOSE name: `P-256`, `P-384` or `P-521`.
    case ec(curve: String, x: [UInt8], y: [UInt8])
    /// `curve` is `Ed25519` (or `Ed448`).
    case okp(curve: String, x: [UInt8])

    /// The JOSE `kty`.
    public var keyType: String {
        switch self {
        case .rsa: "RSA"
        case .ec: "EC"
        case .okp: "OKP"
        }
    }

    /// The RFC 7638 §3.2 hash input: required members only, sorted by name, no whitespace.
    /// It is also a valid public JWK, e.g. `{"crv":"Ed25519","kty":"OKP","x":"…"}`.
    public var canonicalJSON: String {
        // Every value is a JOSE name or base64url text: nothing needs JSON escaping.
        switch self {
        case let .rsa(n, e):
            #"{"e":"\#(Base64URL.encode(e))","kty":"RSA","n":"\#(Base64URL.encode(n))"}"#
        case let .ec(curve, x, y):
            #"{"crv":"\#(curve)","kty":"EC","x":"\#(Base64URL.encode(x))","y":"\#(Base64URL.encode(y))"}"#
        case let .okp(curve, x):
            #"{"crv":"\#(curve)","kty":"OKP","x":"\#(Base64URL.encode(x))"}"#
        }
    }

    /// The RFC 7638 thumbprint with SHA-256, base64url without padding (43 characters).
    public func thumbprint() throws(CryptoError) -> String {
        Base64URL.encode(try Digest.sha256(Array(canonicalJSON.utf8)))
    }
}
