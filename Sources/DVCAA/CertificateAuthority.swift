import DVBasics
import DVDNS
import FoundationEssentials

/// A CA as CAA records name it: the issuer domain names its `issue`/`issuewild` records may carry; a known CA
/// also has the ACME directories (the URL certbot's and lego's `--server` take) through which it issues.
public struct CertificateAuthority: Sendable, Hashable, Codable {
    public var name: String
    public var issuerDomains: [String]

    public init(name: String, issuerDomains: [String]) {
        self.name = name
        self.issuerDomains = issuerDomains
    }

    /// Let's Encrypt, whose validator (Boulder) has rules of its own (a wildcard under a CAA set without issue
    /// or issuewild records is refused).
    public static let letsEncrypt = CertificateAuthority(name: "Let's Encrypt", issuerDomains: ["letsencrypt.org"])

    /// The one list of CAs dvtool knows by name (`--ca`, `DVTOOL_CA`, doctor, mpic): the short name users type
    /// and each CA's documented CAA identifiers, in the order help and errors list them; their ACME directories are
    /// `ACMEDirectory.known`.
    public static let known: [(shortName: String, authority: CertificateAuthority)] = [
        ("letsencrypt", letsEncrypt),
        ("digicert", CertificateAuthority(name: "DigiCert", issuerDomains: ["digicert.com", "symantec.com", "thawte.com",
                                                                            "geotrust.com", "rapidssl.com", "digitalcertvalidation.com"])),
        ("sectigo", CertificateAuthority(name: "Sectigo", issuerDomains: ["sectigo.com", "comodoca.com", "comodo.com",
                                                                          "usertrust.com", "trust-provider.com"])),
        ("globalsign", CertificateAuthority(name: "GlobalSign", issuerDomains: ["globalsign.com"])),
        ("google", CertificateAuthority(name: "Google Trust Services", issuerDomains: ["pki.goog"])),
        ("zerossl", CertificateAuthority(name: "ZeroSSL (Sectigo)", issuerDomains: ["sectigo.com"])),
        ("buypass", CertificateAuthority(name: "Buypass", issuerDomains: ["buypass.com"])),
    ]

    /// A known CA's ACME directories (none for an issuer domain given as is): production first, then staging.
    public var acmeDirectories: [ACMEDirectory] {
        CertificateAuthority.known.first { $0.authority == self }.flatMap { ACMEDirectory.known[$0.shortName] } ?? []
    }

    /// The known CA whose ACME server is at `url`'s host (a directory URL, or any URL of the server: lego's
    /// AuthURL), with that directory.
    public static func serving(_ url: String) -> (authority: CertificateAuthority, directory: ACMEDirectory)? {
        guard let host = ACMEDirectory.host(of: url) else { return nil }
        for (_, authority) in known {
            if let directory = authority.acmeDirectories.first(where: { $0.host == host }) { return (authority, directory) }
        }
        return nil
    }

    /// The short names as help texts and errors list them: "letsencrypt, digicert, …".
    public static var shortNames: String { known.map(\.shortName).joined(separator: ", ") }

    /// Whether this CA is (or includes) Let's Encrypt.
    public var includesLetsEncrypt: Bool { issuerDomains.contains { Self.letsEncrypt.issuerDomains.contains($0) } }

    /// A known short name, or an issuer domain given as is (it must contain a dot).
    public init?(parsing text: String) {
        let key = text.lowercased().replacing("-", with: "").replacing(" ", with: "")
        if text.contains("://") {
            // A directory URL (what lego and certbot users pass as --server): only a known one names a CA.
            guard let known = CertificateAuthority.known.first(where: { $0.authority.acmeDirectories.contains { $0.matches(text) } })
            else { return nil }
            self = known.authority
        } else if let known = CertificateAuthority.known.first(where: { $0.shortName == key })?.authority {
            self = known
        } else if text.contains("."), !text.contains(" "), !text.hasPrefix("."), !text.hasSuffix(".") {
            self.init(name: text.lowercased(), issuerDomains: [text.lowercased()])
        } else {
            return nil
        }
    }

    /// One CA holding every issuer domain of `authorities` (in order, each once): `--ca` given several times.
    /// Nil for none.
    public init?(combining authorities: [CertificateAuthority]) {
        guard let first = authorities.first else { return nil }
        guard authorities.count > 1 else { self = first; return }
        var domains: [String] = []
        for domain in authorities.flatMap(\.issuerDomains) where !domains.contains(domain) { domains.append(domain) }
        var names: [String] = []
        for name in authorities.map(\.name) where !names.contains(name) { names.append(name) }
        self.init(name: names.joined(separator: " + "), issuerDomains: domains)
    }

    /// A CA by name or issuer domain, for every option and variable that names one (`--ca`, `DVTOOL_CA`); the
    /// refusal lists the names known.
    public init(named name: String) throws(UnknownCertificateAuthority) {
        guard let authority = CertificateAuthority(parsing: name) else { throw UnknownCertificateAuthority(name: name) }
        self = authority
    }
}

/// A `--ca` or `DVTOOL_CA` that names no CA dvtool knows and is no issuer domain.
public struct UnknownCertificateAuthority: Error, Sendable, CustomStringConvertible {
    public let name: String

    public var description: String {
        guard name.contains("://") else {
            return "unknown CA \"\(name)\": use \(CertificateAuthority.shortNames), or the CA's issuer domain (e.g. letsencrypt.org)"
        }
        return "unknown ACME directory \"\(name)\": name its CA instead (\(CertificateAuthority.shortNames), or the CA's CAA issuer domain, e.g. letsencrypt.org)"
    }
}

extension UnknownCertificateAuthority: UserFacingError {
    public var failureKind: FailureKind { .badInput }
}

extension DNSName {
    /// The name a CA checks CAA for when this name is validated: the challenge labels (`_acme-challenge`) dropped,
    /// `*.` added for a wildcard certificate unless already there.
    public func certificateName(wildcard: Bool) throws(UserFailure) -> DNSName {
        var base = self
        while let first = base.labels.first, first.hasPrefix("_") { base = base.parent }
        guard wildcard, base.labels.first != "*" else { return base }
        do { return try base.prepending("*") } catch { throw UserFailure(.badInput, error.description) }
    }
}
