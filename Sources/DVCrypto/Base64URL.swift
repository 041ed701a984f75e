// Base64URL: RFC 4648 §5 without padding, as JOSE and ACME use it.

public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Encodes without `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((chunk >> UInt32(shift)) & 0x3F)]) }
            index += 3
        }
        let rest = input.count - index
        if rest == 1 {
            let chunk = UInt32(input[index]) << 16
            for shift in [18, 12] { out.append(alphabet[Int((chunk >> UInt32(shift)) & 0x3F)]) }
        } else if rest == 2 {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            for shift in [18, 12, 6] { out.append(alphabet[Int((chunk >> UInt32(shift)) & 0x3F)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes strictly: only `A–Z a–z 0–9 - _`, no padding, no whitespace, and unused trailing bits zero
    /// (so every byte string has exactly one accepted encoding).
    /// - Throws: `CryptoError.Code.invalidBase64URL`, naming the first offending character.
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        let input = Array(text.utf8)
        if input.count % 4 == 1 {
            throw CryptoError(.invalidBase64URL, "\(input.count) characters cannot be base64url (a length of 4n+1 is impossible)")
        }
        var sextets: [UInt8] = []
        sextets.reserveCapacity(input.count)
        for (position, character) in input.enumerated() {
            let value = values[Int(character)]
            guard value != 0xFF else {
                throw CryptoError(.invalidBase64URL, "\(describe(text, at: position)) is not a base64url character (allowed: A-Z a-z 0-9 - _, no padding)")
            }
            sextets.append(value)
        }
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var index = 0
        while index + 4 <= sextets.count {
            let chunk = UInt32(sextets[index]) << 18 | UInt32(sextets[index + 1]) << 12
                | UInt32(sextets[index + 2]) << 6 | UInt32(sextets[index + 3])
            out += [UInt8(chunk >> 16), UInt8((chunk >> 8) & 0xFF), UInt8(chunk & 0xFF)]
            index += 4
        }
        let rest = sextets.count - index
        if rest == 2 {
            guard sextets[index + 1] & 0x0F == 0 else { throw nonCanonical }
            out.append(sextets[index] << 2 | sextets[index + 1] >> 4)
        } else if rest == 3 {
            guard sextets[index + 2] & 0x03 == 0 else { throw nonCanonical }
            out.append(sextets[index] << 2 | sextets[index + 1] >> 4)
            out.append((sextets[index + 1] & 0x0F) << 4 | sextets[index + 2] >> 2)
        }
        return out
    }

    /// Whether `text` decodes under the rules of `decode(_:)`.
    public static func isValid(_ text: String) -> Bool {
        (try? decode(text)) != nil
    }

    private static var nonCanonical: CryptoError {
        CryptoError(.invalidBase64URL, "the last base64url character has bits set that no encoder would set; the value was probably cut or altered")
    }

    /// "'=' at position 44" for the character (not byte) at a UTF-8 offset.
    private static func describe(_ text: String, at byteOffset: Int) -> String {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: byteOffset)
        let scalarIndex = index.samePosition(in: text.unicodeScalars) ?? text.unicodeScalars.index(before: index)
        let scalar = text.unicodeScalars[scalarIndex]
        let shown: String = switch scalar {
        case " ": "a space"
        case "\t": "a tab"
        case "\n", "\r": "a line break"
        default: scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            ? "U+" + String(scalar.value, radix: 16, uppercase: true) : "'\(scalar)'"
        }
        let position = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: scalarIndex) + 1
        return "\(shown) at position \(position)"
    }
}
