// SectigoChallenge: the CSR-hash DCV formats of Sectigo (formerly Comodo CA).
import DVCrypto
import DVDomain
import DVMethod

/// Sectigo's CNAME and HTTP(S) file validation, both derived from the DER form of the CSR.
///
/// CNAME: `_<MD5>.<domain>. CNAME <SHA256[0..<32]>.<SHA256[32..<64]>[.<uniqueValue>].sectigo.com.`
/// File: `/.well-known/pki-validation/<MD5>.txt` holding the SHA-256, `sectigo.com` and the optional
/// uniqueValue on separate lines. Hex is upper case, as Sectigo shows it.
public struct SectigoChallenge: Sendable, Equatable {
    /// The domain in the second line of the file and in the CNAME target: `sectigo.com`, or `comodoca.com`
    /// for orders placed before the rename.
    public enum Issuer: String, Sendable, CaseIterable, Codable {
        case sectigo = "sectigo.com"
        case comodoca = "comodoca.com"
    }

    public let domain: DomainInput
    /// MD5 of the DER CSR, 32 upper-case hex digits.
    public let md5: String
    /// SHA-256 of the DER CSR, 64 upper-case hex digits.
    public let sha256: String
    /// The order's uniqueValue (Sectigo adds one when a CSR is reused), if any.
    public let uniqueValue: String?
    public let issuer: Issuer

    /// - Throws: `TokenError.Code.invalidValue` for a uniqueValue that is not 1–20 letters and digits.
    public init(domain: DomainInput, csrDER: [UInt8], uniqueValue: String? = nil,
                issuer: Issuer = .sectigo) throws(TokenError) {
        if let uniqueValue {
            guard (1...20).contains(uniqueValue.count),
                  uniqueValue.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
                throw TokenError(.invalidValue, "the uniqueValue must be 1 to 20 letters and digits, as Sectigo shows it; got \"\(uniqueValue)\"")
            }
        }
        self.domain = domain
        do {
            md5 = Hex.encode(try Digest.md5(csrDER), uppercase: true)
            sha256 = Hex.encode(try Digest.sha256(csrDER), uppercase: true)
        } catch {
            throw TokenError(error)
        }
        self.uniqueValue = uniqueValue
        self.issuer = issuer
    }

    /// The CNAME record.
    public var record: PublishedRecord {
        let halves = [String(sha256.prefix(32)), String(sha256.suffix(32))]
        let target = (halves + (uniqueValue.map { [$0] } ?? []) + [issuer.rawValue]).joined(separator: ".") + "."
        return PublishedRecord(name: domain.fqdn(prefix: "_" + md5), type: "CNAME", value: target)
    }

    /// The file, or nil for a wildcard (Sectigo stopped file validation for wildcards in November 2021).
    public var file: ValidationFile? {
        guard !domain.isWildcard else { return nil }
        let lines = [sha256, issuer.rawValue] + (uniqueValue.map { [$0] } ?? [])
        return ValidationFile(path: ValidationMethod.websiteChange.filePath(for: "\(md5).txt") ?? "", body: lines.joined(separator: "\n"))
    }
}
