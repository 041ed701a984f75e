/// What stands before a message on its line and changes its meaning: Boulder's `During secondary validation:`,
/// `While processing CAA for X:`, the address that failed (`192.0.2.1: …`) and `Fetching URL:`.
struct MessagePrefix {
    var fields: [String: String] = [:]
    var notes: [String] = []
    /// Causes a prefix makes likely before those of the message itself.
    var extraCauses: [String] = []

    init(_ prefix: Substring) {
        let patterns = Patterns.shared
        if prefix.lowercased().contains("during secondary validation:") {
            notes.append("During secondary validation: the CA's primary vantage point passed and remote ones failed")
            extraCauses.append("the remote perspectives see something else: a firewall or geo-blocking by region, anycast or CDN nodes out of sync, a secondary server with an old zone, or split DNS by location (check from several networks)")
        }
        if let match = prefix.firstMatch(of: patterns.caa) {
            let name = match.output.name
            notes.append("in the CAA phase, for \(name)")
            fields["caaDomain"] = String(name.hasPrefix("*.") ? name.dropFirst(2) : name)
        }
        if let match = prefix.firstMatch(of: patterns.address) {
            fields["address"] = String(match.output.address)
            notes.append("the address that failed: \(match.output.address)")
        }
        if let match = prefix.firstMatch(of: patterns.fetching) { fields["url"] = String(match.output.url) }
    }

    // @unchecked Sendable: immutable `let` regexes, only matched (Regex is not marked Sendable, matching does not mutate it).
    final class Patterns: @unchecked Sendable {
        static let shared = Patterns()
        let caa = #/(?i)While processing CAA for (?<name>\S+?):/#
        let address = #/(?:^|[\s:])(?<address>\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}\]?):\s*$/#
        let fetching = #/(?i)Fetching (?<url>https?://\S+?):\s*$/#
    }
}
