import DVDNS

/// The question of a query as a server reads it from the wire, and the answer it writes back: the fake world's
/// servers need no more of the format than this (no name compression; records carry their own wire form).
struct WireQuestion {
    let id: UInt16
    let recursionDesired: Bool
    let name: DNSName
    let type: RecordType
    /// The question as sent, echoed in the answer (the client matches it, case included).
    let questionBytes: ArraySlice<UInt8>
    /// The EDNS payload size, when the query carried OPT.
    let ednsBufferSize: UInt16?
    let dnssecOK: Bool

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 12, bytes[2] & 0x80 == 0, bytes[4] == 0, bytes[5] == 1 else { return nil }
        id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        recursionDesired = bytes[2] & 0x01 != 0
        var position = 12
        var labels: [String] = []
        while position < bytes.count, bytes[position] != 0 {
            let length = Int(bytes[position])
            guard length < 64, position + 1 + length < bytes.count else { return nil }
            labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
            position += 1 + length
        }
        guard position + 5 <= bytes.count, let name = try? DNSName(labels.isEmpty ? "." : labels.joined(separator: ".") + ".")
        else { return nil }
        self.name = name
        type = RecordType(rawValue: UInt16(bytes[position + 1]) << 8 | UInt16(bytes[position + 2]))
        questionBytes = bytes[12..<(position + 5)]
        position += 5
        // A query's only additional record is its OPT: root owner, type 41, class = payload size, DO in the TTL.
        if bytes[11] == 1, position + 11 <= bytes.count, bytes[position] == 0, bytes[position + 1] == 0, bytes[position + 2] == 41 {
            ednsBufferSize = UInt16(bytes[position + 3]) << 8 | UInt16(bytes[position + 4])
            dnssecOK = bytes[position + 7] & 0x80 != 0
        } else {
            ednsBufferSize = nil
            dnssecOK = false
        }
    }
}

/// What a server says, before it is written.
struct WireAnswer {
    var rcode: ResponseCode
    var authoritative = false
    var recursionAvailable = false
    var answer: [ResourceRecord] = []
    var authority: [ResourceRecord] = []
    var additional: [ResourceRecord] = []

    /// The message; over UDP, one larger than the client's payload size is cut to its header and question with TC
    /// set, as servers do.
    func bytes(for question: WireQuestion, overUDP: Bool) -> [UInt8] {
        let full = encode(question, truncated: false)
        let limit = Int(question.ednsBufferSize ?? 512)
        return overUDP && full.count > limit ? encode(question, truncated: true) : full
    }

    private func encode(_ question: WireQuestion, truncated: Bool) -> [UInt8] {
        let sections = truncated ? [[], [], []] : [answer, authority, additional]
        let opt: [UInt8] = question.ednsBufferSize == nil ? [] : [0, 0, 41, 0x04, 0xd0, 0, 0, question.dnssecOK ? 0x80 : 0, 0, 0, 0]
        var bytes: [UInt8] = []
        bytes.append(contentsOf: [UInt8(question.id >> 8), UInt8(question.id & 0xff)])
        bytes.append(0x80 | (authoritative ? 0x04 : 0) | (truncated ? 0x02 : 0) | (question.recursionDesired ? 0x01 : 0))
        bytes.append((recursionAvailable ? 0x80 : 0) | UInt8(rcode.rawValue & 0x0f))
        let counts = [1] + sections.map(\.count)
        for (index, count) in counts.enumerated() {
            let value = index == 3 ? count + (opt.isEmpty ? 0 : 1) : count
            bytes.append(contentsOf: [UInt8(value >> 8), UInt8(value & 0xff)])
        }
        bytes.append(contentsOf: question.questionBytes)
        for record in sections.joined() { bytes.append(contentsOf: record.wire ?? []) }
        bytes.append(contentsOf: opt)
        return bytes
    }
}

extension ResourceRecord {
    /// The record under another owner (an answer synthesised from a wildcard), its wire form rewritten to match.
    func renamed(_ owner: DNSName) -> ResourceRecord {
        var copy = self
        copy.name = owner
        if let wire {
            var position = 0
            while position < wire.count, wire[position] != 0 { position += 1 + Int(wire[position]) }
            copy.wire = owner.wire + wire[(position + 1)...]
        }
        return copy
    }

    /// The record with another TTL, its wire form rewritten to match.
    func withTTL(_ ttl: UInt32) -> ResourceRecord {
        var copy = self
        copy.ttl = ttl
        if var wire {
            let ttlAt = name.wire.count + 4
            for (offset, shift) in [24, 16, 8, 0].enumerated() { wire[ttlAt + offset] = UInt8(truncatingIfNeeded: ttl >> UInt32(shift)) }
            copy.wire = wire
        }
        return copy
    }
}

extension DNSName {
    /// Uncompressed wire form: length-prefixed labels, then the root's zero.
    var wire: [UInt8] {
        labels.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }
}
