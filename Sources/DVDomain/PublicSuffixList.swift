import DVIDN

/// The ICANN section of the Public Suffix List (publicsuffix.org), as Let's Encrypt's policy reads it (Boulder
/// iana.ExtractSuffix): the private section (github.io, …) is ignored, and there is no default rule, so a name under
/// no listed suffix ends in no IANA TLD. Rules are kept as lower-case A-labels.
///
/// Matching is the list's own algorithm, a few set lookups per name (libpsl would add a third C library for them).
/// The list is built in (`PublicSuffixes.dat`, from publicsuffix.org by `scripts/update-public-suffixes`): Boulder
/// carries a recent one, and Debian 12's `publicsuffix` package is from 2023, hundreds of rules apart.
public struct PublicSuffixList: Sendable {
    /// The built-in list, parsed once.
    public static let bundled = PublicSuffixList(text: String(decoding: PackageResources.PublicSuffixes_dat, as: UTF8.self))

    private var rules: Set<String> = []
    /// `*.X` rules, by X.
    private var wildcards: Set<String> = []
    /// `!X` rules, by X: the name whose parent is the suffix though a wildcard covers it.
    private var exceptions: Set<String> = []

    /// Reads the rules between `===BEGIN ICANN DOMAINS===` and `===END ICANN DOMAINS===`; a rule that is no valid
    /// name is skipped.
    public init(text: String) {
        var inICANN = false
        for line in text.split(whereSeparator: \.isNewline) {
            let rule = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            if rule.hasPrefix("//") {
                if line.contains("===BEGIN ICANN DOMAINS===") { inICANN = true }
                if line.contains("===END ICANN DOMAINS===") { break }
                continue
            }
            guard inICANN, !rule.isEmpty else { continue }
            let exception = rule.hasPrefix("!")
            guard let ascii = try? IDNA.toASCII(exception ? String(rule.dropFirst()) : rule).lowercased() else { continue }
            if exception {
                exceptions.insert(ascii)
            } else if ascii.hasPrefix("*.") {
                wildcards.insert(String(ascii.dropFirst(2)))
            } else {
                rules.insert(ascii)
            }
        }
    }

    /// The public suffix `name` ends in (lower-case A-labels, no trailing dot; `name` itself when it is one), or nil
    /// when it ends in none: the longest matching rule wins, an exception over the wildcard it breaks.
    public func suffix(of name: DNSName) -> String? {
        let labels = name.labels.map { $0.lowercased() }
        for start in labels.indices {
            let candidate = labels[start...].joined(separator: ".")
            if exceptions.contains(candidate) { return labels[(start + 1)...].joined(separator: ".") }
            if rules.contains(candidate) { return candidate }
            if start + 1 < labels.count, wildcards.contains(labels[(start + 1)...].joined(separator: ".")) { return candidate }
        }
        return nil
    }
}
