import FoundationEssentials

/// A CA as CAA records name it: the issuer domain names its `issue`/`issuewild` records may carry.
public struct CertificateAuthority: Sendable, Hashable, Codable {
    public var name: String
    public var issuerDomains: [String]

    public init(name: String, issuerDomains: [String]) {
        self.name = name
        self.issuerDomains = issuerDomains
    }

    /// Common names users type; each CA's documented CAA identifiers.
    public static let known: [String: CertificateAuthority] = [
        "letsencrypt": CertificateAuthority(name: "Let's Encrypt", issuerDomains: ["letsencrypt.org"]),
        "digicert": CertificateAuthority(name: "DigiCert", issuerDomains: ["digicert.com", "symantec.com", "thawte.com",
                                                                           "geotrust.com", "rapidssl.com", "digitalcertvalidation.com"]),
        "sectigo": CertificateAuthority(name: "Sectigo", issuerDomains: ["sectigo.com", "comodoca.com", "comodo.com",
                                                                         "usertrust.com", "trust-provider.com"]),
        "globalsign": CertificateAuthority(name: "GlobalSign", issuerDomains: ["globalsign.com"]),
        "google": CertificateAuthority(name: "Google Trust Services", issuerDomains: ["pki.goog"]),
        "zerossl": CertificateAuthority(name: "ZeroSSL (Sectigo)", issuerDomains: ["sectigo.com"]),
        "buypass": CertificateAuthority(name: "Buypass", issuerDomains: ["buypass.com"]),
    ]

    /// A known short name, or an issuer domain given as is (it must contain a dot).
    public init?(parsing text: String) {
        let key = text.lowercased().replacing("-", with: "").replacing(" ", with: "")
        if let known = CertificateAuthority.known[key] {
            self = known
        } else if text.contains("."), !text.contains(" "), !text.hasPrefix("."), !text.hasSuffix(".") {
            self.init(name: text.lowercased(), issuerDomains: [text.lowercased()])
        } else {
            return nil
        }
    }
}
