// IssuancePolicy: names a CA refuses before any validation, beyond what DomainInput refuses for every command.

/// Let's Encrypt's identifier policy (Boulder policy/pa.go, validNonWildcardDomain) where it is stricter than DNS:
/// more than 10 labels, and a reserved LDH label (`ab--cd`: "--" in the third and fourth places) that is not an
/// A-label. Other CAs follow the same RFC 5890 rules. Nil when the name passes.
public enum IssuancePolicy {
    public static let maximumLabels = 10

    public static func refusal(of name: DNSName) -> String? {
        let labels = name.labels.first == "*" ? Array(name.labels.dropFirst()) : name.labels
        if labels.count > maximumLabels {
            return "the name has \(labels.count) labels; Let's Encrypt refuses more than \(maximumLabels) (\"Domain name has more than 10 labels (parts)\")"
        }
        if let reserved = labels.first(where: { label in
            let lower = label.lowercased()
            return lower.utf8.count >= 4 && lower.utf8.dropFirst(2).starts(with: "--".utf8) && !lower.hasPrefix("xn--")
        }) {
            return "the label \(reserved) has \"--\" in its third and fourth places but is no A-label (xn--): a reserved LDH label, "
                + "which CAs refuse (\"Domain name contains an invalid label in a reserved format (R-LDH: '??--')\")"
        }
        return nil
    }
}
