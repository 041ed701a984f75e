import DVIDN

/// A domain name as a user types it (command line, names file, `--host`, `--domain`): blanks trimmed, one
/// trailing dot dropped, U-labels and A-labels through UTS #46 with the IDNA2008 checks, `*.` for wildcards
/// when allowed, validated as a DNS name. The one normaliser every command and check uses.
public struct DomainInput: Sendable, Equatable {
    /// The DNS form, fully qualified (A-labels, the case as typed).
    public let name: DNSName
    /// The A-label form in lower case, without the trailing dot: what HTTP Host headers, SNI, certificates
    /// and CAs compare.
    public let ascii: String
    /// The Unicode form when it differs from `ascii`.
    public let unicode: String?
    public let isWildcard: Bool

    /// Why the text is not a usable name, in words a user can act on (the IDNA rule, the label, the limit).
    public struct InvalidName: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(parsing text: String, allowWildcard: Bool = false) throws(InvalidName) {
        // Byte-level checks first: bulk runs pass every input line through here.
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let start = text.utf8.firstIndex { !isBlank($0) } ?? text.utf8.endIndex
        let end = text.utf8.lastIndex { !isBlank($0) }.map { text.utf8.index(after: $0) } ?? start
        var trimmed = String(text[start..<end])
        if trimmed.count > 1, trimmed.hasSuffix(".") { trimmed.removeLast() }
        guard !trimmed.isEmpty else { throw InvalidName(description: "the name is empty") }
        isWildcard = trimmed.hasPrefix("*.")
        if isWildcard && !allowWildcard {
            throw InvalidName(description: "\"\(trimmed)\" is a wildcard; give the name itself")
        }
        let base = isWildcard ? String(trimmed.dropFirst(2)) : trimmed
        var asciiBase = base
        var unicodeBase: String?
        if !base.utf8.allSatisfy({ $0 < 0x80 }) || Self.mayHoldALabel(base) {
            do {
                let forms = try IDNA.forms(of: base)
                asciiBase = forms.ascii
                unicodeBase = forms.unicode == forms.ascii ? nil : forms.unicode
            } catch {
                throw InvalidName(description: "invalid domain name \"\(trimmed)\": \(error.description)")
            }
        }
        let prefix = isWildcard ? "*." : ""
        do {
            name = try DNSName(prefix + asciiBase)
        } catch {
            throw InvalidName(description: error.description)
        }
        ascii = (prefix + asciiBase).lowercased()
        unicode = unicodeBase.map { prefix + $0 }
    }

    /// Whether "xn--" occurs in any letter case: such a name needs the IDNA checks.
    private static func mayHoldALabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4 else { return false }
        return (0...(bytes.count - 4)).contains { at in
            bytes[at] | 0x20 == UInt8(ascii: "x") && bytes[at + 1] | 0x20 == UInt8(ascii: "n")
                && bytes[at + 2] == UInt8(ascii: "-") && bytes[at + 3] == UInt8(ascii: "-")
        }
    }

    /// A certificate's host name (what a challenge is made for), wildcard allowed: see `checkHostName`.
    public init(hostName text: String) throws(InvalidName) {
        try self.init(parsing: text, allowWildcard: true)
        try checkHostName()
    }

    /// The rules a certificate's host name adds to DNS's: at least two labels; letters, digits and inner hyphens
    /// only (`_` labels name records, not hosts); `*` only as the first label; not an IPv4 address.
    public func checkHostName() throws(InvalidName) {
        let name = ascii
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else {
            throw InvalidName(description: "\(name) is a single label; certificates are for names like example.com")
        }
        for (index, label) in labels.enumerated() where !(index == 0 && label == "*") {
            if label == "*" { throw InvalidName(description: "\(name): a wildcard `*` may only be the first label") }
            let isHostCharacter = { (scalar: Unicode.Scalar) in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
            }
            if let bad = label.unicodeScalars.first(where: { !isHostCharacter($0) }) {
                let shown = bad == "_" ? "'_' (underscore labels are DNS record names, not host names)" : "'\(bad)'"
                throw InvalidName(description: "\(name): \(shown) is not allowed in a host name")
            }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                throw InvalidName(description: "\(name): label \"\(label)\" starts or ends with a hyphen")
            }
        }
        if labels.count == 4 && labels.allSatisfy({ $0.allSatisfy(\.isNumber) }) {
            throw InvalidName(description: "\(name) is an IP address; DNS and file validation are for domain names")
        }
    }

    /// `www.example.com.` or `xn--fsqu00a.xn--fiqs8s. (例子.中国)`.
    public var display: String { name.description + (unicode.map { " (\($0))" } ?? "") }
}

extension DomainInput: CustomStringConvertible {
    /// The A-label form, lower case, no trailing dot (`*.example.com`).
    public var description: String { ascii }
}
