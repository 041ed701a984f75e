import NIOCore

/// The wire format of what nearly every exchange of a bulk run carries, read and written in Swift in one pass:
/// queries for names of plain labels, and answers made of A, AAAA, NS, CNAME and SOA records with at most an OPT
/// record without options. Anything else (escaped label bytes, other record types, EDNS options such as Extended
/// DNS Errors, the DO bit, compression pointers that point forward) goes to libldns (`LDNSCodec`), so what a check
/// sees is the same either way; tests hold the two together.
enum PlainWire {
    /// Appends `query` with message id `id` to `buffer`.
    static func write(_ query: DNSQuery, id: UInt16, to buffer: inout ByteBuffer) throws(DNSError) {
        guard query.name.labels.allSatisfy({ !$0.utf8.contains(UInt8(ascii: "\\")) }) else {
            buffer.writeBytes(try LDNSCodec.encode(query, id: id))
            return
        }
        buffer.writeInteger(id)
        buffer.writeInteger((query.recursionDesired ? 0x0100 : 0) | (query.checkingDisabled ? 0x0010 : 0) as UInt16)
        buffer.writeInteger(1 as UInt16)
        buffer.writeInteger(0 as UInt32)
        buffer.writeInteger(query.ednsBufferSize == nil ? 0 : 1 as UInt16)
        for label in query.name.labels {
            buffer.writeInteger(UInt8(label.utf8.count))
            buffer.writeString(label)
        }
        buffer.writeInteger(0 as UInt8)
        buffer.writeInteger(query.type.rawValue)
        buffer.writeInteger(1 as UInt16)
        if let size = query.ednsBufferSize {
            // OPT (RFC 6891): root owner, the payload size as class, the DO bit in the TTL's flags, no options.
            buffer.writeInteger(0 as UInt8)
            buffer.writeInteger(RecordType.opt.rawValue)
            buffer.writeInteger(size)
            buffer.writeInteger(query.dnssecOK ? 0x8000 : 0 as UInt32)
            buffer.writeInteger(0 as UInt16)
        }
    }

    /// Decodes a message in place; throws what `LDNSCodec.decode` throws for a message ldns rejects. `recent`: the
    /// names of earlier answers on the same socket, reused when they come again; `asked`: the name of the query this
    /// answers, reused when the question spells it byte for byte.
    static func decode(_ bytes: UnsafeRawBufferPointer, recent: inout RecentNames, asked: DNSName? = nil) throws(DNSError) -> DNSMessage {
        if let message = plainMessage(bytes, recent: &recent, asked: asked) { return message }
        return try LDNSCodec.decode(bytes)
    }

    /// The message when it is plain; nil leaves it to ldns.
    static func plainMessage(_ bytes: UnsafeRawBufferPointer, recent: inout RecentNames, asked: DNSName? = nil) -> DNSMessage? {
        var reader = PlainReader(bytes, asked: asked)
        swap(&reader.recent, &recent)
        defer { swap(&reader.recent, &recent) }
        return reader.message()
    }
}

/// Names that come again and again in a socket's answers (a zone's apex and nameservers in every answer from it),
/// by their uncompressed wire form: a name found here is not built again.
struct RecentNames {
    private var entries: [(wire: [UInt8], name: DNSName)] = []
    private var oldest = 0
    private static let capacity = 8

    func name(wire: [UInt8]) -> DNSName? { entries.first { $0.wire == wire }?.name }

    mutating func add(wire: [UInt8], name: DNSName) {
        guard entries.count == Self.capacity else {
            entries.append((wire, name))
            return
        }
        entries[oldest] = (wire, name)
        oldest = (oldest + 1) % Self.capacity
    }
}

/// One pass over a plain answer; every read returns nil where the message is not plain (or not well formed).
private struct PlainReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0
    /// Names read so far, by the offset they start at: a compression pointer to one of them reuses it.
    private var names: [(offset: Int, name: DNSName)] = []
    private var scratch: [UInt8] = []
    var recent = RecentNames()

    private enum Record {
        case record(ResourceRecord)
        case opt(payloadSize: UInt16, ttl: UInt32)
    }

    private let asked: DNSName?

    init(_ bytes: UnsafeRawBufferPointer, asked: DNSName?) {
        self.bytes = bytes
        self.asked = asked
    }

    mutating func message() -> DNSMessage? {
        guard let id = u16(), let flags = u16(), let questions = u16(), let answers = u16(), let authorities = u16(),
              let additionals = u16(), questions == 1,
              let questionName = name(), let questionType = u16(), let questionClass = u16(),
              let answer = records(answers), let authority = records(authorities) else { return nil }
        var additional: [ResourceRecord] = []
        var opt: (payloadSize: UInt16, ttl: UInt32)?
        for _ in 0..<additionals {
            switch record() {
            case let .record(record)?: additional.append(record)
            // One OPT, announcing a payload size, without the DO bit (a DNSSEC answer keeps each record's wire form).
            case let .opt(payloadSize, ttl)? where opt == nil && payloadSize > 0 && ttl & 0x8000 == 0: opt = (payloadSize, ttl)
            default: return nil
            }
        }
        guard offset == bytes.count else { return nil }
        let extendedRcode = UInt16(opt.map { $0.ttl >> 24 } ?? 0) << 4
        return DNSMessage(
            id: id, isResponse: flags & 0x8000 != 0, rcode: ResponseCode(rawValue: flags & 0x000F | extendedRcode),
            authoritative: flags & 0x0400 != 0, truncated: flags & 0x0200 != 0, recursionDesired: flags & 0x0100 != 0,
            recursionAvailable: flags & 0x0080 != 0, authenticData: flags & 0x0020 != 0, checkingDisabled: flags & 0x0010 != 0,
            question: [DNSMessage.Question(name: questionName, type: RecordType(rawValue: questionType), recordClass: questionClass)],
            answer: answer, authority: authority, additional: additional, ednsBufferSize: opt?.payloadSize)
    }

    /// A section without OPT.
    private mutating func records(_ count: UInt16) -> [ResourceRecord]? {
        var section: [ResourceRecord] = []
        section.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard case let .record(record)? = record() else { return nil }
            section.append(record)
        }
        return section
    }

    private mutating func record() -> Record? {
        guard let owner = name(), let type = u16(), let recordClass = u16(), let ttl = u32(), let length = u16() else { return nil }
        let end = offset + Int(length)
        guard end <= bytes.count else { return nil }
        if type == RecordType.opt.rawValue {
            guard owner.isRoot, length == 0 else { return nil }
            return .opt(payloadSize: recordClass, ttl: ttl)
        }
        guard recordClass == 1, let data = data(RecordType(rawValue: type), length: Int(length)), offset == end else { return nil }
        return .record(ResourceRecord(name: owner, type: RecordType(rawValue: type), ttl: ttl, data: data))
    }

    private mutating func data(_ type: RecordType, length: Int) -> RecordData? {
        switch type {
        case .a where length == 4:
            defer { offset += 4 }
            return .address(.v4(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]))
        case .aaaa where length == 16:
            defer { offset += 16 }
            return .address(.v6(Array(bytes[offset..<offset + 16])))
        case .ns, .cname:
            return name().map { .name($0) }
        case .soa:
            guard let primary = name(), let mailbox = name(), let serial = u32(), let refresh = u32(), let retry = u32(),
                  let expire = u32(), let minimum = u32() else { return nil }
            return .soa(SOARecord(primaryServer: primary, responsibleMailbox: mailbox, serial: serial, refresh: refresh,
                                  retry: retry, expire: expire, minimum: minimum))
        default:
            return nil
        }
    }

    /// A name, following compression pointers backwards only (each points before the name that uses it).
    private mutating func name() -> DNSName? {
        let start = offset
        if start + 1 < bytes.count, bytes[start] & 0xC0 == 0xC0 {
            let target = Int(bytes[start] & 0x3F) << 8 | Int(bytes[start + 1])
            if let known = names.first(where: { $0.offset == target }) {
                offset += 2
                return known.name
            }
        }
        scratch.removeAll(keepingCapacity: true)
        var position = start
        var end: Int?
        while true {
            guard position < bytes.count else { return nil }
            let length = Int(bytes[position])
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count else { return nil }
                let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                if end == nil { end = position + 2 }
                guard target >= 12, target < position else { return nil }
                position = target
                continue
            }
            guard length & 0xC0 == 0, position + 1 + length <= bytes.count, scratch.count + 1 + length <= 255 else { return nil }
            scratch.append(contentsOf: bytes[position...(position + length)])
            position += 1 + length
            if length == 0 { break }
        }
        offset = end ?? position
        // The question's name is this query's own: it would only push the recurring names out.
        let isQuestion = names.isEmpty
        let name: DNSName
        if isQuestion, let asked, Self.spells(asked, scratch) {
            name = asked
        } else if !isQuestion, let known = recent.name(wire: scratch) {
            name = known
        } else {
            name = scratch.withUnsafeBufferPointer { DNSName(wire: $0) }
            if !isQuestion { recent.add(wire: scratch, name: name) }
        }
        names.append((start, name))
        return name
    }

    /// Whether `wire` is `name`'s labels byte for byte (an escaped label never is: ldns's spelling decides then).
    private static func spells(_ name: DNSName, _ wire: [UInt8]) -> Bool {
        var index = 0
        for label in name.labels {
            let utf8 = label.utf8
            guard index + 1 + utf8.count < wire.count, wire[index] == utf8.count,
                  wire[(index + 1)...(index + utf8.count)].elementsEqual(utf8) else { return false }
            index += 1 + utf8.count
        }
        return index == wire.count - 1
    }

    private mutating func u16() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    private mutating func u32() -> UInt32? {
        guard let high = u16(), let low = u16() else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }
}
