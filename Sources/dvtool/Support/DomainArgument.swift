import DVDNS
import DVIDN

/// A domain name from the command line: IDNA-converted (U-labels accepted), validated, in DNS (A-label) form,
/// with its Unicode form for display.
struct DomainArgument {
    let name: DNSName
    /// The Unicode form when it differs from the ASCII one.
    let unicode: String?

    init(_ text: String) throws(CLIError) {
        let trimmed = String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        let isPlainASCII = trimmed.unicodeScalars.allSatisfy { $0.isASCII } && !trimmed.lowercased().contains("xn--")
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

    /// `www.example.com.` or `xn--fsqu00a.xn--fiqs8s. (例子.中国)`.
    var display: String { name.description + (unicode.map { " (\($0))" } ?? "") }
}
