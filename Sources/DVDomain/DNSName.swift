/// A fully qualified domain name in ASCII presentation form (A-labels for IDN).
///
/// Labels keep the case they were given; equality and hashing ignore ASCII case, as DNS does.
public struct DNSName: Sendable {
    /// Labels from left to right, without the root label; bytes outside printable ASCII are `\DDD` escaped.
    public let labels: [String]
    /// The presentation form with its trailing dot (`description`), built once: reports ask for it often.
    private let text: String
    /// `text` in lowercase, for equality and hashing.
    private let canonical: String

    public static let root = DNSName(validatedLabels: [])

    package init(validatedLabels: [String]) {
        self.labels = validatedLabels
        var text = validatedLabels.joined(separator: ".")
        text.append(".")
        self.text = text
        self.canonical = text.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ? text.lowercased() : text
    }

    /// Parses a presentation-form name. A trailing dot is optional: every name is taken as fully qualified.
    public init(_ text: String) throws(DNSError) {
        if text == "." { self = .root; return }
        var body = Substring(text)
        if body.hasSuffix(".") { body = body.dropLast() }
        guard !body.isEmpty else { throw .badName(text, "the name is empty") }
        var labels: [String] = []
        var wireLength = 1
        for label in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else {
                throw .badName(text, "it has an empty label (two dots in a row, or a leading dot)")
            }
            guard label.utf8.count <= 63 else {
                throw .badName(text, "label \"\(label.prefix(20))…\" is \(label.utf8.count) octets long; the limit is 63")
            }
            if let bad = label.unicodeScalars.first(where: { !DNSName.isAllowedInLabel($0) }) {
                throw .badName(text, "character \(bad.debugDescriptionForError) is not allowed in a host name; use letters, digits, '-' and '_' (IDN names are converted to xn-- form first)")
            }
            wireLength += label.utf8.count + 1
            labels.append(String(label))
        }
        guard wireLength <= 255 else {
            throw .badName(text, "it is \(wireLength - 2) octets long; a domain name may have at most 253")
        }
        self.init(validatedLabels: labels)
    }

    /// Builds a name from an uncompressed wire-format name (length-prefixed labels, up to the root label),
    /// escaping bytes that are not plain host-name characters.
    package init(wire: UnsafeBufferPointer<UInt8>) {
        var labels: [String] = []
        var index = 0
        while index < wire.count {
            let length = Int(wire[index])
            guard length > 0, index + 1 + length <= wire.count else { break }
            labels.append(DNSName.presentation(of: UnsafeBufferPointer(rebasing: wire[(index + 1)...(index + length)])))
            index += 1 + length
        }
        self.init(validatedLabels: labels)
    }

    /// Host names, plus `_` for service labels and `*` for wildcards.
    static func isAllowedInLabel(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", "*": return true
        default: return false
        }
    }

    static func presentation(of label: UnsafeBufferPointer<UInt8>) -> String {
        let isPlain = label.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "\\") }
        if isPlain { return String(decoding: label, as: UTF8.self) }
        var text = ""
        text.reserveCapacity(label.count)
        for byte in label {
            let scalar = Unicode.Scalar(byte)
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "."), byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(scalar)
            } else {
                let digits = String(byte)
                text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            }
        }
        return text
    }

    public var isRoot: Bool { labels.isEmpty }

    /// A certificate wildcard: `*` is the first label.
    public var isWildcard: Bool { labels.first == "*" }

    /// The name one label up; the root's parent is the root.
    public var parent: DNSName {
        isRoot ? self : DNSName(validatedLabels: Array(labels.dropFirst()))
    }

    /// Whether `self` equals `ancestor` or lies below it.
    public func isSubdomain(of ancestor: DNSName) -> Bool {
        if ancestor.isRoot { return true }
        guard labels.count >= ancestor.labels.count else { return false }
        guard canonical.utf8.count >= ancestor.canonical.utf8.count else { return false }
        if canonical.utf8.count == ancestor.canonical.utf8.count { return canonical == ancestor.canonical }
        // "a.example.test." lies below "example.test." when the byte before the suffix is a label dot.
        let cut = canonical.utf8.index(canonical.utf8.endIndex, offsetBy: -ancestor.canonical.utf8.count)
        return canonical.utf8[cut...].elementsEqual(ancestor.canonical.utf8)
            && canonical.utf8[canonical.utf8.index(before: cut)] == UInt8(ascii: ".")
    }

    /// A new name with `label` prepended.
    public func prepending(_ label: String) throws(DNSError) -> DNSName {
        try DNSName(label + "." + description)
    }
}

extension DNSName: Hashable {
    public static func == (lhs: DNSName, rhs: DNSName) -> Bool { lhs.canonical == rhs.canonical }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonical) }
}

extension DNSName: CustomStringConvertible {
    /// Fully qualified, with the trailing dot.
    public var description: String { isRoot ? "." : text }
}

extension DNSName: TextCodable {
    public init?(presentation text: String) { try? self.init(text) }
}

extension Unicode.Scalar {
    /// `'x'` for printable ASCII, `U+XXXX` otherwise, for error messages.
    var debugDescriptionForError: String {
        if value >= 0x21, value < 0x7F { return "'\(Character(self))'" }
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
