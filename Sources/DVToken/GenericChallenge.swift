// GenericChallenge: a random value for CAs that hand one out (DigiCert, Alibaba Cloud) or any BR 3.2.2.4.7 /
// 3.2.2.4.18 style validation, with the TXT record and the pki-validation file that carry it.
import DVCrypto
import DVDomain
import DVMethod

/// A random value published in a TXT record (at the domain or at `_dnsauth.`) and in
/// `/.well-known/pki-validation/fileauth.txt`.
public struct GenericChallenge: Sendable, Equatable {
    /// Where the TXT record goes.
    public enum RecordLocation: String, Sendable, CaseIterable, Codable {
        /// At the domain itself (DigiCert's default; the BR's Authorization Domain Name).
        case domain
        /// At `_dnsauth.<domain>` (Alibaba Cloud; accepted by DigiCert and its resellers).
        case dnsauth
    }

    /// The file path DigiCert-style CAs fetch.
    public static let filePath = ValidationMethod.websiteChange.filePath(for: "fileauth.txt") ?? ""
    /// At least 128 bits, beyond the BR's 112 (§1.6.1).
    public static let minimumBits = 128

    public let domain: DomainInput
    public let value: String
    public let location: RecordLocation

    /// - Parameter value: the CA's value, or a new one from `randomValue(bits:)`.
    public init(domain: DomainInput, value: String, location: RecordLocation) throws(TokenError) {
        try Self.checkValue(value)
        self.domain = domain
        self.value = value
        self.location = location
    }

    /// A new random value: `bits` from OpenSSL's CSPRNG as lowercase hex (safe in every DNS console and URL).
    /// - Parameter bits: a multiple of 8, at least 128.
    public static func randomValue(bits: Int = minimumBits) throws(TokenError) -> String {
        precondition(bits >= minimumBits && bits % 8 == 0, "bits must be a multiple of 8, at least \(minimumBits)")
        do {
            return Hex.encode(try SecureRandom.bytes(bits / 8))
        } catch {
            throw TokenError(error)
        }
    }

    /// The TXT record to publish.
    public var record: PublishedRecord {
        PublishedRecord(name: domain.fqdn(prefix: location == .dnsauth ? "_dnsauth" : nil), type: "TXT", value: value)
    }

    /// The file to serve, or nil for a wildcard: file validation proves only the exact host (BR 3.2.2.4.18).
    public var file: ValidationFile? {
        domain.isWildcard ? nil : ValidationFile(path: Self.filePath, body: value)
    }

    /// A value the user pasted: printable ASCII without spaces or quotes, 1–255 octets (one TXT string).
    static func checkValue(_ value: String) throws(TokenError) {
        guard !value.isEmpty else { throw TokenError(.invalidValue, "the value is empty") }
        guard value.utf8.count <= 255 else {
            throw TokenError(.invalidValue, "the value is \(value.utf8.count) characters; at most 255 fit in one TXT string")
        }
        for scalar in value.unicodeScalars where !(0x21...0x7E).contains(scalar.value) || scalar == "\"" || scalar == "\\" {
            let shown = scalar == " " ? "a space" : (scalar.value < 0x21 || scalar.value > 0x7E ? "U+" + String(scalar.value, radix: 16, uppercase: true) : "'\(scalar)'")
            throw TokenError(.invalidValue, "the value contains \(shown); copy it from the CA without quotes or spaces")
        }
    }
}
