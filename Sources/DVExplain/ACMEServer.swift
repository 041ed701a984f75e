/// The ACME server a client's text talks to, so the user sees which CA's rules apply: a directory URL (certbot's
/// `--server` argument, the `Link: <…>;rel="index"` of the ACME responses in its log, acme.sh's `Using CA:`) or,
/// where the text has none, the origin of the server's URLs (lego's `AuthURL:`). Which CA that is, is DVCAA's list's
/// to say (explain reads text only).
enum ACMEServer {
    /// In order of preference, a directory URL before a mere origin; lowercase, as the text is searched.
    static let sources: [(anchor: String, origin: Bool)] = [("'--server', '", false), (">;rel=\"index\"", false), ("using ca: ", false),
                                                           ("authurl: ", true)]

    static func find(in text: ScannedText) -> String? {
        for source in sources {
            let anchor = Array(source.anchor.utf8)
            guard let hit = text.occurrences(of: anchor).first else { continue }
            let line = text.lineRange(text.line(containing: hit))
            // `rel="index"` ends its URL (`<URL>;rel="index"`); the others introduce it.
            let url = source.anchor.hasPrefix(">")
                ? text.string(line.lowerBound ..< hit).split(separator: "<", omittingEmptySubsequences: false).last ?? ""
                : text.string(hit + anchor.count ..< line.upperBound).prefix { !$0.isWhitespace && $0 != "'" }
            if let found = server(url, origin: source.origin) { return found }
        }
        return nil
    }

    /// The URL without the period a sentence ends it with (certbot's "GET request to URL."), cut to its origin when
    /// `origin`; nil for anything but an http(s) URL.
    private static func server(_ text: Substring, origin: Bool) -> String? {
        var url = text
        while url.last == "." || url.last == "," { url = url.dropLast() }
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), let scheme = url.firstRange(of: "://") else { return nil }
        if origin, let path = url[scheme.upperBound...].firstIndex(of: "/") { url = url[..<path] }
        return String(url)
    }
}

/// The CA an explained text's ACME server belongs to, as DVCAA's list names it.
public struct ServerCA: Sendable, Codable, Equatable {
    public var name: String
    /// What CAA records must name for this CA to issue.
    public var issuerDomains: [String]
    /// The server is the CA's staging (test) environment.
    public var staging: Bool

    public init(name: String, issuerDomains: [String], staging: Bool) {
        (self.name, self.issuerDomains, self.staging) = (name, issuerDomains, staging)
    }
}
