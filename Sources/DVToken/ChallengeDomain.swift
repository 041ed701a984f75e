// ChallengeDomain: the ASCII host name a challenge is for, and the names derived from it.
import DVMethod

/// A host name in A-label (ASCII) form, lower-cased, without the trailing dot; `*.` allowed in front.
///
/// IDN conversion happens before this type (the CLI uses DVIDN): here every label must already be
/// LDH ASCII, 1–63 octets, the whole at most 253, and at least two labels.
public struct ChallengeDomain: Sendable, Hashable, CustomStringConvertible {
    /// E.g. `*.example.com` or `www.xn--fsqu00a.xn--fiqs8s`.
    public let name: String

    /// - Throws: `TokenError.Code.invalidDomain` naming the offending label.
    public init(_ text: String) throws(TokenError) {
        var name = text.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty else { throw TokenError(.invalidDomain, "the domain name is empty") }
        guard name.utf8.count <= 253 else {
            throw TokenError(.invalidDomain, "\(text) is \(name.utf8.count) octets long; a domain name has at most 253")
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else {
            throw TokenError(.invalidDomain, "\(text) is a single label; certificates are for names like example.com")
        }
        for (index, label) in labels.enumerated() {
            if label == "*" && index == 0 { continue }
            try Self.check(label: label, in: text)
        }
        if Self.isIPv4(labels) {
            throw TokenError(.invalidDomain, "\(text) is an IP address; DNS and file validation are for domain names")
        }
        self.name = name
    }

    public var description: String { name }

    /// Whether the name starts with `*.`.
    public var isWildcard: Bool { name.hasPrefix("*.") }

    /// The name without `*.`: where wildcard validation happens (RFC 8555 §8.4, BR 3.2.2.4).
    public var base: String { isWildcard ? String(name.dropFirst(2)) : name }

    /// `prefix.base.` with the trailing dot, e.g. `fqdn(prefix: "_acme-challenge")` → `_acme-challenge.example.com.`.
    public func fqdn(prefix: String? = nil) -> String {
        (prefix.map { "\($0)." } ?? "") + base + "."
    }

    /// Where `method`'s TXT record for this name goes, with the trailing dot: `_acme-challenge.example.com.`,
    /// `_<accountLabel>._acme-challenge.example.com.`, `_validation-persist.example.com.`; a wildcard is validated
    /// at its base name. Methods without a fixed label: the base name itself.
    public func validationName(_ method: ValidationMethod, accountLabel: String? = nil) -> String {
        let labels = [accountLabel.map { "_" + $0 }, method.dnsLabel].compactMap(\.self)
        return fqdn(prefix: labels.isEmpty ? nil : labels.joined(separator: "."))
    }

    private static func check(label: Substring, in text: String) throws(TokenError) {
        guard !label.isEmpty else { throw TokenError(.invalidDomain, "\(text) has an empty label") }
        guard label.utf8.count <= 63 else {
            throw TokenError(.invalidDomain, "label \"\(label.prefix(20))…\" of \(text) is \(label.utf8.count) octets long; the limit is 63")
        }
        if label == "*" { throw TokenError(.invalidDomain, "\(text): a wildcard `*` may only be the first label") }
        for scalar in label.unicodeScalars {
            let ok = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
            guard ok else {
                let shown = scalar == "_" ? "'_' (underscore labels are DNS record names, not host names)" : "'\(scalar)'"
                throw TokenError(.invalidDomain, "\(text): \(shown) is not allowed in a host name")
            }
        }
        if label.hasPrefix("-") || label.hasSuffix("-") {
            throw TokenError(.invalidDomain, "\(text): label \"\(label)\" starts or ends with a hyphen")
        }
    }

    private static func isIPv4(_ labels: [Substring]) -> Bool {
        labels.count == 4 && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
