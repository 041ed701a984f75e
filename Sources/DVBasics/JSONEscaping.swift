/// The one JSON string writer of dvtool (streamed JSON lines, the access log, `idn --json`): fast for what
/// reports mostly hold (names, addresses and codes are copied whole), and working on bytes, with no String
/// per value. Invalid UTF-8 becomes U+FFFD.
public enum JSONEscaping {
    public enum Style: Sendable {
        /// Byte for byte what Foundation's JSONEncoder writes (`\b`, `\f`; DEL and non-ASCII as they are), so
        /// hand-written lines equal encoded reports.
        case encoder
        /// Also escapes DEL, the C1 controls and U+2028/U+2029, so a value from the network cannot move a
        /// terminal's cursor or split a log line.
        case terminalSafe
    }

    /// Appends `"…"` for `utf8` to `out`.
    @inlinable
    public static func appendString(_ utf8: some Collection<UInt8>, to out: inout [UInt8], style: Style = .encoder) {
        if let done: Void = utf8.withContiguousStorageIfAvailable({ appendString(bytes: $0, to: &out, style: style) }) {
            return done
        }
        Array(utf8).withUnsafeBufferPointer { appendString(bytes: $0, to: &out, style: style) }
    }

    /// A whole JSON string literal, for code that builds text.
    public static func quoted(_ text: String, style: Style = .encoder) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        var text = text
        text.withUTF8 { appendString(bytes: $0, to: &out, style: style) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func appendString(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], style: Style) {
        out.append(UInt8(ascii: "\""))
        var plain = true
        var ascii = true
        for byte in bytes {
            if byte >= 0x80 { ascii = false }
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte >= 0x7F { plain = false }
        }
        if plain {
            out.append(contentsOf: bytes)
        } else if ascii || isValidUTF8(bytes) {
            appendEscaped(bytes, to: &out, style: style)
        } else {
            let repaired = Array(String(decoding: bytes, as: UTF8.self).utf8)
            repaired.withUnsafeBufferPointer { appendEscaped($0, to: &out, style: style) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// RFC 3629 well-formedness: no overlong forms, no surrogates, nothing above U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return false }
            for next in (index + 2)..<(index + length) where !(0x80...0xBF).contains(bytes[next]) { return false }
            index += length
        }
        return true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], style: Style) {
        let safe = style == .terminalSafe
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x08 where !safe: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C where !safe: out += [0x5C, UInt8(ascii: "f")]
            case ..<0x20:
                appendUnicodeEscape(UInt32(byte), to: &out)
            case 0x7F where safe:
                appendUnicodeEscape(UInt32(byte), to: &out)
            case 0xC2 where safe && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                appendUnicodeEscape(UInt32(bytes[index + 1]), to: &out)   // C1 control U+0080…U+009F
                index += 1
            case 0xE2 where safe && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                appendUnicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                index += 2
            default:
                out.append(byte)
            }
            index += 1
        }
    }

    private static func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        out += [0x5C, UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}
