/// Hand-assembled DNS messages for replay tests (RFC 1035 section 4 layout).
enum WireBytes {
    static func header(id: UInt16, flags: UInt16, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0) -> [UInt8] {
        [id, flags, qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    static func name(_ text: String) -> [UInt8] {
        text.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    static func question(_ text: String, type: UInt16 = 1) -> [UInt8] {
        name(text) + [UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
    }

    /// An A record whose owner is a compression pointer to the question name at offset 12.
    static func aRecord(_ address: [UInt8], ttl: UInt32 = 300) -> [UInt8] {
        [0xC0, 0x0C, 0, 1, 0, 1] + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: ttl >> $0) } + [0, 4] + address
    }

    /// A complete authoritative answer: `name A address`.
    static func answer(id: UInt16, name: String, address: [UInt8], truncated: Bool = false) -> [UInt8] {
        header(id: id, flags: 0x8400 | (truncated ? 0x0200 : 0), an: 1) + question(name) + aRecord(address)
    }

    /// The id and question of a query as sent, to build the matching reply.
    static func idAndName(ofQuery query: [UInt8]) -> (UInt16, String) {
        var labels: [String] = []
        var index = 12
        while index < query.count, query[index] != 0 {
            let length = Int(query[index])
            labels.append(String(decoding: query[(index + 1)...(index + length)], as: UTF8.self))
            index += length + 1
        }
        return (UInt16(query[0]) << 8 | UInt16(query[1]), labels.joined(separator: "."))
    }
}
