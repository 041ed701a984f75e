// IssuancePolicy: names a CA refuses before any validation, beyond what DomainInput refuses for every command.

/// Let's Encrypt's identifier policy (Boulder policy/pa.go, ValidDomain) where it is stricter than DNS: a label that is
/// not LDH (an underscore, a hyphen at an end), more than 10 labels, a reserved LDH label (`ab--cd`: "--" in the third
/// and fourth places) that is not an A-label, and, given the public suffix list, a name under no IANA TLD (`.internal`,
/// `.lan`) or one that is itself a public suffix (`co.uk`, or `*.co.uk`). Other CAs follow the same RFC 5890 and BR
/// rules. Nil when the name passes.
public enum IssuancePolicy {
    public static let maximumLabels = 10

    /// Why a CA refuses the name, in its words, and what to ask for instead.
    public struct Refusal: Sendable, Equatable {
        public var reason: String
        public var fix: String
    }

    static let otherName = "Request the certificate for a name CAs accept (letters, digits and inner hyphens; at most 10 labels; no reserved '??--' label)."
    static let publicName = "Request the certificate for a name registered under a public suffix (an internal name needs "
        + "your own CA, or a public name such as host.example.com)."

    /// `publicSuffixes`: nil leaves the suffix rules out (a private world's CA, such as Pebble, has none).
    public static func refusal(of name: DNSName, publicSuffixes: PublicSuffixList? = nil) -> Refusal? {
        let wildcard = name.isWildcard
        let labels = wildcard ? name.parent.labels : name.labels
        // BR 7.1.4.2.1: a dNSName is LDH (letters, digits, hyphens inside); no underscore since SC-012 (2019).
        if let bad = labels.first(where: { label in
            label.hasPrefix("-") || label.hasSuffix("-") || !label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }) {
            return Refusal(reason: "the label \(bad) is not letters, digits and inner hyphens (an underscore, or a hyphen at an end), "
                               + "which no certificate may carry (\"Domain name contains an invalid character\")",
                           fix: otherName)
        }
        if labels.count > maximumLabels {
            return Refusal(reason: "the name has \(labels.count) labels; Let's Encrypt refuses more than \(maximumLabels) (\"Domain name has more than 10 labels (parts)\")",
                           fix: otherName)
        }
        if let reserved = labels.first(where: { label in
            let lower = label.lowercased()
            return lower.utf8.count >= 4 && lower.utf8.dropFirst(2).starts(with: "--".utf8) && !lower.hasPrefix("xn--")
        }) {
            return Refusal(reason: "the label \(reserved) has \"--\" in its third and fourth places but is no A-label (xn--): a reserved LDH label, "
                               + "which CAs refuse (\"Domain name contains an invalid label in a reserved format (R-LDH: '??--')\")",
                           fix: otherName)
        }
        guard let publicSuffixes else { return nil }
        let base = labels.joined(separator: ".")
        guard let suffix = publicSuffixes.suffix(of: DNSName(validatedLabels: labels)) else {
            return Refusal(reason: "\(base) ends in no public suffix (no IANA TLD: .internal, .lan, .local and .test are private), "
                               + "so no public CA issues for it (\"Domain name does not end with a valid public suffix (TLD)\")",
                           fix: publicName)
        }
        guard suffix.utf8.count == base.utf8.count else { return nil }
        let reason = wildcard
            ? "*.\(suffix) covers every name under a public suffix, which no CA issues for (\"Domain name is a wildcard for an ICANN TLD\")"
            : "\(suffix) is itself a public suffix (a TLD, or a registry's suffix such as co.uk), which no CA issues for (\"Domain name is an ICANN TLD\")"
        return Refusal(reason: reason, fix: publicName)
    }
}
