import DVDNS
import DVIDN

/// A domain name from the command line: IDNA-converted (U-labels accepted), validated, in DNS (A-label) form,
/// with its Unicode form for display.
struct DomainArgument {
    let name: DNSName
    /// The Unicode form when it differs from the ASCII one.
    let unicode: String?

    init(_ text: String) throws(CLIError) {
        // Byte-level checks: bulk runs pass every input line through here.
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let start = text.utf8.firstIndex { !isBlank($0) } ?? text.utf8.endIndex
        let end = text.utf8.lastIndex { !isBlank($0) }.map { text.utf8.index(after: $0) } ?? start
        let trimmed = String(text[start..<end])
        let isPlainASCII = trimmed.utf8.allSatisfy { $0 < 0x80 } && !Self.mayHoldALabel(trimmed)
        var ascii = trimmed
        var unicode: String?
        if !isPlainASCII {
            do {
                let forms = try IDNA.forms(of: trimmed)
                ascii = forms.ascii
                unicode = forms.unicode == forms.ascii ? nil : forms.unicode
            } catch {
                throw .badInput("invalid domain name \"\(trimmed)\": \(error.description)")
            }
        }
        do {
            name = try DNSName(ascii)
        } catch {
            throw .badInput(error.description)
        }
        self.unicode = unicode
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

    /// `www.example.com.` or `xn--fsqu00a.xn--fiqs8s. (例子.中国)`.
    var display: String { name.description + (unicode.map { " (\($0))" } ?? "") }
}
