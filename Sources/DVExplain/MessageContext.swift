/// The parts of a message around the CA's own detail: the client's wrapping (certbot's "Detail:", acme.sh's
/// "Verify error:", lego's "urn:… ::") and Boulder's prefixes, which change what the detail means.
struct MessageContext {
    static let fieldNames = ["domain", "type", "address", "url", "status", "value", "caaDomain", "ede", "body", "server", "count"]

    var fields: [String: String] = [:]
    var notes: [String] = []
    /// Causes a prefix makes likely before those of the detail itself.
    var extraCauses: [String] = []

    /// The CA's detail from the text, with what the wrapping and the prefixes said recorded.
    mutating func unwrap(_ text: String) -> String {
        var detail = text.trimmed()
        if let found = capture(#"Domain:\s*(?<domain>\S+)\s+Type:\s*\S+\s+Detail:\s*(?<detail>[^\n]+)"#, in: detail) {
            fields["domain"] = found["domain"]; detail = found["detail"] ?? detail          // certbot
        } else if let found = capture(#"(?<domain>[A-Za-z0-9*._-]+):Verify error:(?<detail>.+)"#, in: detail) {
            fields["domain"] = found["domain"]; detail = found["detail"] ?? detail          // acme.sh
        } else if let found = capture(#"urn:ietf:params:acme:error:(?<urn>[A-Za-z]+)\s*::\s*(?<detail>.+)"#, in: detail) {
            notes.append("ACME error type urn:ietf:params:acme:error:\(found["urn"] ?? "")"); detail = found["detail"] ?? detail  // lego
        }
        while true {
            if let found = capture(#"^\s*During secondary validation:\s*(?<rest>.+)"#, in: detail) {
                notes.append("During secondary validation: the CA's primary vantage point passed and remote ones failed")
                extraCauses += ["the remote perspectives see something else: a firewall or geo-blocking by region, anycast or CDN nodes out of sync, a secondary server with an old zone, or split DNS by location (check from several networks)"]
                detail = found["rest"] ?? detail
            } else if let found = capture(#"^\s*While processing CAA for (?<caa>\S+?):\s*(?<rest>.+)"#, in: detail) {
                notes.append("in the CAA phase, for \(found["caa"] ?? "")")
                fields["caaDomain"] = found["caa"].map { $0.hasPrefix("*.") ? String($0.dropFirst(2)) : $0 }
                detail = found["rest"] ?? detail
            } else if let found = capture(#"^\s*(?<address>\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9A-Fa-f:]+:[0-9A-Fa-f:]*\]?):\s+(?<rest>.+)"#, in: detail) {
                fields["address"] = found["address"]
                notes.append("the address that failed: \(found["address"] ?? "")")
                detail = found["rest"] ?? detail
            } else if let found = capture(#"^\s*Fetching (?<url>https?://\S+?):\s*(?<rest>.+)"#, in: detail) {
                fields["url"] = found["url"]
                detail = found["rest"] ?? detail
            } else {
                return detail
            }
        }
    }

    private func capture(_ pattern: String, in text: String) -> [String: String]? {
        guard let regex = try? Regex(pattern).ignoresCase().dotMatchesNewlines(), let match = try? regex.firstMatch(in: text) else { return nil }
        var found: [String: String] = [:]
        for name in ["domain", "detail", "urn", "rest", "caa", "address", "url"] {
            if let value = match.output[name]?.substring { found[name] = String(value).trimmed() }
        }
        return found
    }

    /// The first thing in `text` that looks like a domain name (for the checklist when nothing matched).
    static func firstDomain(in text: String) -> String? {
        guard let regex = try? Regex(#"(?:\*\.)?(?:[A-Za-z0-9_-]+\.)+[A-Za-z][A-Za-z0-9-]*"#),
              let match = try? regex.firstMatch(in: text) else { return nil }
        let name = String(text[match.range])
        return name.hasPrefix("*.") ? String(name.dropFirst(2)) : name
    }

    /// `http://example.com:80/path` → `example.com`.
    static func host(ofURL url: String) -> String? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != ":" && $0 != "?" }
        return authority.isEmpty ? nil : String(authority)
    }

    /// `http://example.com/.well-known/acme-challenge/TOKEN` → `/.well-known/acme-challenge/TOKEN`.
    static func path(ofURL url: String) -> String? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) }
    }
}

extension String {
    /// Without leading and trailing white space (pasted messages come with line breaks and indentation).
    func trimmed() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
