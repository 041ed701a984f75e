/// An ACME directory URL, as a client is given it (`--server`), and whether it is the CA's staging (test)
/// environment: staging issues untrusted certificates but checks CAA for the same issuer domains.
public struct ACMEDirectory: Sendable, Hashable {
    public var url: String
    public var staging: Bool

    public init(_ url: String, staging: Bool = false) {
        self.url = url
        self.staging = staging
    }

    /// The ACME directories of `CertificateAuthority.known`, by short name, as each CA (or the clients' own tables:
    /// lego's CA servers page, acme.sh's server list) documents them; docs/caa.md names the sources.
    static let known: [String: [ACMEDirectory]] = [
        "letsencrypt": [ACMEDirectory("https://acme-v02.api.letsencrypt.org/directory"),
                        ACMEDirectory("https://acme-staging-v02.api.letsencrypt.org/directory", staging: true)],
        "digicert": ["https://acme.digicert.com/v2/acme/directory", "https://one.digicert.com/mpki/api/v1/acme/v2/directory",
                     "https://one.us.digicert.com/mpki/api/v1/acme/v2/directory", "https://one.nl.digicert.com/mpki/api/v1/acme/v2/directory",
                     "https://one.digicert.co.jp/mpki/api/v1/acme/v2/directory"].map { ACMEDirectory($0) },
        "sectigo": [ACMEDirectory("https://acme.sectigo.com/v2/DV")],
        "globalsign": [ACMEDirectory("https://emea.acme.atlas.globalsign.com/directory")],
        "google": [ACMEDirectory("https://dv.acme-v02.api.pki.goog/directory"),
                   ACMEDirectory("https://dv.acme-v02.test-api.pki.goog/directory", staging: true)],
        "zerossl": [ACMEDirectory("https://acme.zerossl.com/v2/DV90")],
        "buypass": [ACMEDirectory("https://api.buypass.com/acme/directory"),
                    ACMEDirectory("https://api.test4.buypass.no/acme/directory", staging: true)],
    ]

    /// The server's host, lowercased: what lego's account folder and every URL of the server share.
    public var host: String { Self.host(of: url) ?? "" }

    /// Whether `text` is this directory: case of scheme and host, and a final `/`, do not matter.
    public func matches(_ text: String) -> Bool {
        Self.normalized(text) == Self.normalized(url)
    }

    static func host(of url: String) -> String? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: ":").first.map { $0.lowercased() } ?? ""
        return host.isEmpty ? nil : host
    }

    private static func normalized(_ url: String) -> String? {
        guard let scheme = url.firstRange(of: "://"), let host = host(of: url) else { return nil }
        let afterAuthority = url[scheme.upperBound...].drop { $0 != "/" && $0 != "?" && $0 != "#" }
        var path = String(afterAuthority)
        while path.hasSuffix("/") { path.removeLast() }
        return url[..<scheme.lowerBound].lowercased() + "://" + host + path
    }
}
