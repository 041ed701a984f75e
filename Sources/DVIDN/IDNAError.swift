/// Why a domain name was rejected: the rule, the label it failed in and the code point.
public struct IDNAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that rejected the name. The raw value is stable (used in JSON output).
    public enum Rule: String, Sendable {
        /// Input bytes are not UTF-8 (CLI input only).
        case invalidUTF8 = "invalid-utf8"
        /// Empty name or empty label (`a..b`); only a single trailing dot (the root) is allowed.
        case emptyLabel = "empty-label"
        /// Label longer than 63 octets in its ASCII form (RFC 1035; UTS #46 VerifyDnsLength).
        case labelTooLong = "label-too-long"
        /// Name longer than 253 octets without the trailing dot (UTS #46 VerifyDnsLength).
        case nameTooLong = "name-too-long"
        /// UTS #46 status `disallowed` (unassigned, control, private use, ...).
        case disallowed = "disallowed"
        /// Not allowed in host names by UseSTD3ASCIIRules (space, `/`, `_` outside `_labels`, ...).
        case disallowedSTD3 = "disallowed-std3"
        /// Valid in UTS #46 but not in IDNA2008 (NV8/XV8: symbols, emoji, punctuation).
        case notIDNA2008 = "not-idna2008"
        /// A decoded A-label contains a code point that is not `valid` (UTS #46 4.1 step 6).
        case invalidInALabel = "invalid-in-a-label"
        /// A decoded A-label is not in NFC (UTS #46 4.1 step 1).
        case notNFC = "not-nfc"
        /// `--` in the third and fourth positions (CheckHyphens; RFC 5891 4.2.3.1).
        case hyphen34 = "hyphen-3-4"
        /// Leading or trailing `-` (CheckHyphens; RFC 5891 4.2.3.1).
        case hyphenStartEnd = "hyphen-start-end"
        /// A decoded A-label contains U+002E FULL STOP (UTS #46 4.1 step 4).
        case fullStopInLabel = "full-stop-in-label"
        /// Label starts with a combining mark (RFC 5891 4.2.3.2).
        case leadingCombiningMark = "leading-combining-mark"
        /// ZWNJ/ZWJ outside their allowed contexts (RFC 5892 A.1, A.2).
        case contextJ = "contextj"
        /// CONTEXTO rules (RFC 5892 A.3 to A.9).
        case contextO = "contexto"
        /// RFC 5893 section 2 rules 1 to 6.
        case bidi1 = "bidi-rule-1", bidi2 = "bidi-rule-2", bidi3 = "bidi-rule-3"
        case bidi4 = "bidi-rule-4", bidi5 = "bidi-rule-5", bidi6 = "bidi-rule-6"
        /// Invalid Punycode after `xn--` (RFC 3492), including integer overflow.
        case punycode = "punycode"
        /// An `xn--` label that does not re-encode to identical ASCII, or decodes to plain ASCII.
        case aLabelRoundTrip = "a-label-round-trip"
        /// `_label` with characters other than ASCII letters, digits, `-` and `_`.
        case underscoreLabel = "underscore-label"
        /// Input line longer than the CLI accepts.
        case inputTooLong = "input-too-long"
    }

    public let rule: Rule
    /// The label as given in the input (or the whole name for name-level errors).
    public let label: String
    /// The offending code point, when one is to blame.
    public let codePoint: UInt32?
    /// Extra detail (e.g. a length); part of the message.
    let detail: String

    public init(rule: Rule, label: String, codePoint: UInt32? = nil, detail: String = "") {
        self.rule = rule
        self.label = label
        self.codePoint = codePoint
        self.detail = detail
    }

    /// `U+200D`, or nil.
    public var codePointString: String? { codePoint.map { "U+" + UnicodeNames.hex($0) } }

    /// The explanation without the label prefix.
    public var message: String {
        let cp = codePoint.map { UnicodeNames.describe($0) } ?? "character"
        switch rule {
        case .invalidUTF8: return "input is not valid UTF-8"
        case .emptyLabel: return "empty label (only one trailing dot, for the root, is allowed)"
        case .labelTooLong: return "label is \(detail) octets in ASCII form; the limit is 63 (RFC 1035, UTS #46 VerifyDnsLength)"
        case .nameTooLong: return "name is \(detail) octets in ASCII form; the limit is 253 without the trailing dot (UTS #46 VerifyDnsLength)"
        case .disallowed: return "\(cp) is not allowed in domain names (UTS #46 status disallowed)"
        case .disallowedSTD3: return "\(cp) is not allowed in host names (UTS #46 UseSTD3ASCIIRules)"
        case .notIDNA2008: return "\(cp) is not allowed by IDNA2008 (RFC 5892; UTS #46 marks it NV8/XV8): symbols and emoji cannot be used in domain names"
        case .invalidInALabel: return "\(cp) is not a valid character in an A-label (UTS #46 4.1 step 6)"
        case .notNFC: return "decoded A-label is not in Unicode Normalization Form C (UTS #46 4.1 step 1)"
        case .hyphen34: return "hyphens in the third and fourth positions are reserved (CheckHyphens, RFC 5891 4.2.3.1)"
        case .hyphenStartEnd: return "a label must not start or end with a hyphen (CheckHyphens, RFC 5891 4.2.3.1)"
        case .fullStopInLabel: return "decoded A-label contains U+002E FULL STOP (UTS #46 4.1 step 4)"
        case .leadingCombiningMark: return "\(cp) is a combining mark and cannot start a label (RFC 5891 4.2.3.2)"
        case .contextJ:
            if codePoint == 0x200C {
                return "\(cp) is only allowed after a virama or between joining letters (CONTEXTJ, RFC 5892 A.1)"
            }
            return "\(cp) is only allowed after a virama (CONTEXTJ, RFC 5892 A.2)"
        case .contextO:
            switch codePoint ?? 0 {
            case 0x00B7: return "\(cp) is only allowed between two 'l' (CONTEXTO, RFC 5892 A.3)"
            case 0x0375: return "\(cp) must be followed by a Greek character (CONTEXTO, RFC 5892 A.4)"
            case 0x05F3: return "\(cp) must follow a Hebrew character (CONTEXTO, RFC 5892 A.5)"
            case 0x05F4: return "\(cp) must follow a Hebrew character (CONTEXTO, RFC 5892 A.6)"
            case 0x30FB: return "\(cp) needs a Hiragana, Katakana or Han character in the label (CONTEXTO, RFC 5892 A.7)"
            case 0x0660...0x0669: return "\(cp) cannot be mixed with Extended Arabic-Indic digits (CONTEXTO, RFC 5892 A.8)"
            default: return "\(cp) cannot be mixed with Arabic-Indic digits (CONTEXTO, RFC 5892 A.9)"
            }
        case .bidi1: return "\(cp) has the wrong direction to start a label in a right-to-left name: the first character must be L, R or AL (Bidi rule 1, RFC 5893 2)"
        case .bidi2: return "\(cp) is not allowed in a right-to-left label (Bidi rule 2, RFC 5893 2)"
        case .bidi3: return "\(cp) cannot end a right-to-left label: it must end with R, AL, EN or AN, then marks (Bidi rule 3, RFC 5893 2)"
        case .bidi4: return "\(cp): European and Arabic-Indic digits cannot be mixed in a right-to-left label (Bidi rule 4, RFC 5893 2)"
        case .bidi5: return "\(cp) is not allowed in a left-to-right label of a right-to-left name (Bidi rule 5, RFC 5893 2)"
        case .bidi6: return "\(cp) cannot end a left-to-right label: it must end with L or EN, then marks (Bidi rule 6, RFC 5893 2)"
        case .punycode: return detail.isEmpty ? "invalid Punycode after xn-- (RFC 3492)" : "invalid Punycode after xn-- (RFC 3492): \(detail)"
        case .aLabelRoundTrip: return detail.isEmpty ? "A-label does not re-encode to the same ASCII, so it is not a valid A-label" : detail
        case .underscoreLabel: return "\(cp) is not allowed in an underscore label (only ASCII letters, digits, '-' and '_')"
        case .inputTooLong: return "input line is longer than \(detail) bytes"
        }
    }

    public var description: String {
        if rule == .invalidUTF8 || rule == .inputTooLong { return message }
        return "label \"\(IDNAError.escape(label))\": \(message)"
    }

    /// `s` with invisible and control characters written as \u{XXXX}.
    public static func escaped(_ s: String) -> String { escape(s) }

    /// Escapes invisible and control characters as \u{XXXX} so the label can be read.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            let v = u.value
            let p = Tables.shared.props(v)
            let bidi = p.bidi
            let invisible = v < 0x20 || (v >= 0x7F && v <= 0xA0) || bidi == .BN || bidi == .WS || bidi == .B || bidi == .S
                || (bidi.rawValue >= BidiClass.LRE.rawValue) || v == 0x22 || v == 0x5C
                || p.status == .ignored || (v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFD
            if invisible {
                out += "\\u{" + UnicodeNames.hex(v) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
