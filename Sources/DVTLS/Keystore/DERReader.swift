/// Just enough DER to take apart a Java keystore's EncryptedPrivateKeyInfo: tag, length, contents.
struct DERReader {
    private let bytes: [UInt8]
    private var offset: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// The contents of the next element, which must carry `tag` (0x30 SEQUENCE, 0x04 OCTET STRING, 0x06 OID, 0x02 INTEGER).
    mutating func read(_ tag: UInt8) -> [UInt8]? {
        guard offset + 2 <= bytes.count, bytes[offset] == tag else { return nil }
        var length = Int(bytes[offset + 1])
        var start = offset + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, start + count <= bytes.count else { return nil }
            length = bytes[start..<start + count].reduce(0) { $0 << 8 | Int($1) }
            start += count
        }
        guard start + length <= bytes.count else { return nil }
        offset = start + length
        return Array(bytes[start..<start + length])
    }

    /// A non-negative INTEGER that fits an Int.
    mutating func readInteger() -> Int? {
        guard let content = read(0x02), !content.isEmpty, content.count <= 8, content[0] & 0x80 == 0 else { return nil }
        return content.reduce(0) { $0 << 8 | Int($1) }
    }
}
