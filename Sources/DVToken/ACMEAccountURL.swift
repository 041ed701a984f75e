// ACMEAccountURL: the account URL a CA gave (the `Location` of newAccount, the JWS `kid`), and what is derived from it.
import DVBasics
import DVCrypto

/// An ACME account URL exactly as the CA sent it. dns-account-01 hashes it byte for byte and dns-persist-01
/// compares it byte for byte, so nothing is normalised: only surrounding whitespace (a copy-paste artefact,
/// never part of a URL) is dropped.
public struct ACMEAccountURL: Sendable, Hashable, CustomStringConvertible {
    public let url: String

    /// - Throws: `TokenError.Code.invalidValue` for an empty text, inner whitespace or a text that is no http(s) URL.
    public init(_ text: String) throws(TokenError) {
        let url = text.trimmingWhitespace(includingNewlines: true)
        guard !url.isEmpty else { throw TokenError(.invalidValue, "the account URL is empty") }
        guard !url.contains(where: \.isWhitespace) else {
            throw TokenError(.invalidValue, "the account URL \(url.debugDescription) contains whitespace; copy it whole from the client's account file (e.g. https://acme-v02.api.letsencrypt.org/acme/acct/123456789)")
        }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), url.split(separator: "/").count >= 3 else {
            throw TokenError(.invalidValue, "\(url) is not an account URL: it is the https://… URL the CA returned for the account (e.g. https://acme-v02.api.letsencrypt.org/acme/acct/123456789)")
        }
        self.url = url
    }

    public var description: String { url }

    /// The dns-account-01 label without its underscore: lower-case RFC 4648 base32 of the first 10 bytes of
    /// SHA-256 of the URL, 16 characters (draft-ietf-acme-dns-account-label §3.1; Boulder and Pebble lower-case it).
    public func dnsAccountLabel() throws(TokenError) -> String {
        let digest: [UInt8]
        do { digest = try Digest.sha256(Array(url.utf8)) } catch { throw TokenError(error) }
        return Base32.encode(digest.prefix(10)).lowercased()
    }

    /// What commonly makes this URL differ from the one the CA hashes or compares: said, not refused.
    public var warnings: [String] {
        var warnings: [String] = []
        if url.hasSuffix("/") {
            warnings.append("the account URL ends with \"/\"; CAs use it byte for byte, and Let's Encrypt's have no trailing slash")
        }
        if url.lowercased().contains("acme-v01.") {
            warnings.append("the account URL is an ACMEv1 one (acme-v01); ACMEv2 accounts are at acme-v02.api.letsencrypt.org")
        }
        if url.lowercased().hasPrefix("http://") {
            warnings.append("the account URL is http://; ACME servers give https:// URLs")
        }
        return warnings
    }
}

/// RFC 4648 §6 base32, standard alphabet, upper case, without padding.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return output
    }
}
