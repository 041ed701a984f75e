/// The trust-anchor file formats in use, told apart by their first lines.
public enum TrustAnchorFormat: Sendable, Equatable {
    /// DS or DNSKEY records in zone-file form (Debian's root.key, dnssec-keygen's .key, `dig` output), which
    /// includes Unbound's autotrust file (`auto-trust-anchor-file`, what unbound-anchor keeps).
    case zoneFile
    /// named.conf's `trust-anchors { … };`, `managed-keys { … };` or the older `trusted-keys { … };` (bind.keys).
    case bind
    /// IANA's root-anchors.xml (RFC 7958).
    case ianaXML

    init(detecting text: String) {
        let content = text.split(whereSeparator: \.isNewline).map { $0.drop { $0.isWhitespace } }
            .filter { !$0.isEmpty && !$0.hasPrefix(";") && !$0.hasPrefix("#") && !$0.hasPrefix("//") }
        if content.first?.hasPrefix("<") == true {
            self = .ianaXML
        } else if content.contains(where: { line in BINDAnchors.clauses.contains { line.hasPrefix($0) } }) {
            self = .bind
        } else {
            self = .zoneFile
        }
    }

    var name: String {
        switch self {
        case .zoneFile: "zone-file records"
        case .bind: "a BIND trust-anchors clause"
        case .ianaXML: "IANA root-anchors XML"
        }
    }

    func entries(in text: String, at moment: ValidationMoment) throws(AnchorSyntaxError) -> [AnchorEntry] {
        switch self {
        case .zoneFile: try ZoneFileAnchors.entries(in: text)
        case .bind: try BINDAnchors.entries(in: text)
        case .ianaXML: try IANAAnchors.entries(in: text, at: moment)
        }
    }
}

/// One anchor as a file states it, before ldns reads it: a DS or DNSKEY record in presentation form.
struct AnchorEntry: Equatable {
    var presentation: String
    /// Where it starts in the file, for messages.
    var line: Int
    /// Why the file's own metadata says not to use it (Unbound's key state, IANA's validity dates), or nil.
    var setAside: String?
}

/// What is wrong with an anchor file's syntax, and where.
struct AnchorSyntaxError: Error {
    var line: Int?
    var reason: String
}
