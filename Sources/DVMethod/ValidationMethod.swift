// ValidationMethod: the domain validation methods dvtool knows, with every spelling each party uses for them.

/// A domain control validation method: its ACME challenge type, its Open MPIC name, its Baseline Requirements
/// section, and where the CA looks (the DNS label in front of the domain, or the HTTP path prefix).
///
/// C-free and dependency-free on purpose: every layer that names a method (token, txt, caa, mpic, explain)
/// can use it without linking OpenSSL or ldns.
public enum ValidationMethod: String, CaseIterable, Sendable, Codable {
    /// ACME dns-01: TXT at `_acme-challenge.<domain>` (BR 3.2.2.4.7).
    case dns01 = "dns-01"
    /// ACME http-01: `/.well-known/acme-challenge/<token>` (BR 3.2.2.4.19).
    case http01 = "http-01"
    /// ACME tls-alpn-01: a certificate on port 443 (BR 3.2.2.4.20).
    case tlsALPN01 = "tls-alpn-01"
    /// A random value in DNS, outside ACME (BR 3.2.2.4.7).
    case dnsChange = "dns-change"
    /// A file under `/.well-known/pki-validation/`, outside ACME (BR 3.2.2.4.18).
    case websiteChange = "website-change"
    /// ACME dns-account-01: TXT at `_<account label>._acme-challenge.<domain>` (BR 3.2.2.4.21).
    case dnsAccount01 = "dns-account-01"
    /// ACME dns-persist-01: a standing TXT at `_validation-persist.<domain>` (BR 3.2.2.4.22).
    case dnsPersist01 = "dns-persist-01"

    /// The ACME challenge `type`; nil for the methods outside ACME.
    public var acmeName: String? {
        switch self {
        case .dnsChange, .websiteChange: nil
        default: rawValue
        }
    }

    /// The name in an Open MPIC request (`dcv_check_parameters.validation_method`).
    public var openMPICName: String {
        switch self {
        case .dns01: "acme-dns-01"
        case .http01: "acme-http-01"
        case .tlsALPN01: "acme-tls-alpn-01"
        case .dnsChange: "dns-change"
        case .websiteChange: "website-change"
        case .dnsAccount01: "dns-account-01"
        case .dnsPersist01: "dns-persistent"
        }
    }

    /// The Baseline Requirements section that allows the method.
    public var baselineRequirementsSection: String {
        switch self {
        case .dns01, .dnsChange: "3.2.2.4.7"
        case .http01: "3.2.2.4.19"
        case .tlsALPN01: "3.2.2.4.20"
        case .websiteChange: "3.2.2.4.18"
        case .dnsAccount01: "3.2.2.4.21"
        case .dnsPersist01: "3.2.2.4.22"
        }
    }

    /// The fixed label the CA looks under (dns-account-01 puts the account label in front of it); nil for the
    /// methods that are not DNS or whose label the CA chooses (dns-change: the domain itself, `_dnsauth`, …).
    public var dnsLabel: String? {
        switch self {
        case .dns01, .dnsAccount01: "_acme-challenge"
        case .dnsPersist01: "_validation-persist"
        default: nil
        }
    }

    /// The URL path prefix of the file the CA fetches; nil for the other methods.
    public var httpPathPrefix: String? {
        switch self {
        case .http01: "/.well-known/acme-challenge/"
        case .websiteChange: "/.well-known/pki-validation/"
        default: nil
        }
    }

    /// The record name under the method's fixed label: `_acme-challenge.example.com` for `example.com` (dns-01;
    /// the label in front of dns-account-01's is the account's); nil for methods without a fixed DNS label.
    public func recordName(for domain: String) -> String? { dnsLabel.map { $0 + "." + domain } }

    /// The domain a record name under the method's label is for: `_acme-challenge.example.com.` →
    /// `example.com.` (the label in any case); other names unchanged.
    public func domain(ofRecordName name: String) -> String {
        guard let label = dnsLabel, name.lowercased().hasPrefix(label + ".") else { return name }
        return String(name.dropFirst(label.count + 1))
    }

    /// The URL path of the file for `token`: `/.well-known/acme-challenge/TOKEN` (http-01); nil for methods
    /// that fetch no file.
    public func filePath(for token: String) -> String? { httpPathPrefix.map { $0 + token } }

    /// Whether the CA connects to the domain's server (the file and TLS methods), rather than only reading DNS.
    public var connectsToTheServer: Bool {
        switch self {
        case .http01, .tlsALPN01, .websiteChange: true
        default: false
        }
    }

    /// Whether the method can validate `*.example.com` (BR 3.2.2.4: a method that connects to one server proves
    /// control of that name only).
    public var validatesWildcards: Bool { !connectsToTheServer }

    /// A method from any of its names (ACME, Open MPIC, dvtool's), case-insensitive.
    public init?(name: String) {
        let key = name.lowercased()
        guard let method = Self.allCases.first(where: { $0.rawValue == key || $0.openMPICName == key }) else { return nil }
        self = method
    }

    /// A method from its Open MPIC name only (an agent's request), exactly as the API spells it.
    public init?(openMPICName: String) {
        guard let method = Self.allCases.first(where: { $0.openMPICName == openMPICName }) else { return nil }
        self = method
    }

    /// The names `init(name:)` accepts, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
