import NIOCore
import Testing
@testable import DVDNS

/// The Swift fast path of the wire format against libldns: the same bytes for every query, the same `DNSMessage`
/// for every answer it reads, and the answers it does not read left to ldns.
@Suite("plain wire fast path")
struct PlainWireTests {
    static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    /// `owner TYPE ttl rdata`, class IN.
    static func record(_ owner: [UInt8], type: UInt16, ttl: UInt32 = 300, _ rdata: [UInt8]) -> [UInt8] {
        owner + [UInt8(type >> 8), UInt8(type & 0xFF), 0, 1] + bigEndian(ttl) + [UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF)] + rdata
    }

    /// An OPT record: payload size, extended rcode and flags in the TTL, and its options.
    static func opt(size: UInt16 = 1232, extendedRcode: UInt8 = 0, flags: UInt16 = 0, options: [UInt8] = []) -> [UInt8] {
        [0, 0, 41, UInt8(size >> 8), UInt8(size & 0xFF), extendedRcode, 0, UInt8(flags >> 8), UInt8(flags & 0xFF),
         UInt8(options.count >> 8), UInt8(options.count & 0xFF)] + options
    }

    static let soaData = WireBytes.name("ns1.example.test") + WireBytes.name("hostmaster.example.test")
        + [2026112202, 3600, 900, 604800, 600].flatMap(bigEndian)
    /// The question `www.example.test` starts at 12; `example.test` inside it at 16.
    static let question = WireBytes.question("www.example.test")
    static let zone: [UInt8] = [0xC0, 16]

    /// Answers of every kind a bulk row meets; the fast path reads each of them.
    static let plain: [(String, [UInt8])] = [
        ("NOERROR", WireBytes.answer(id: 1, name: "www.example.test", address: [192, 0, 2, 10])),
        ("NOERROR with NS, glue and OPT",
         WireBytes.header(id: 2, flags: 0x8400, an: 1, ns: 1, ar: 2) + question + WireBytes.aRecord([192, 0, 2, 10])
            + record(zone, type: 2, [3] + Array("ns1".utf8) + zone) + record([0xC0, 62], type: 1, [192, 0, 2, 53]) + opt()),
        ("AAAA, uppercase, largest TTL",
         WireBytes.header(id: 3, flags: 0x8400, an: 1) + WireBytes.question("WWW.Example.TEST", type: 28)
            + record([0xC0, 12], type: 28, ttl: .max, [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 11) + [1])),
        ("NXDOMAIN", WireBytes.header(id: 4, flags: 0x8403, ns: 1) + question + record(zone, type: 6, ttl: 3600, soaData)),
        ("NODATA", WireBytes.header(id: 5, flags: 0x8400, ns: 1, ar: 1) + question + record(zone, type: 6, soaData) + opt()),
        ("CNAME to a name of the zone",
         WireBytes.header(id: 6, flags: 0x8400, an: 2) + question + record([0xC0, 12], type: 5, ttl: 60, [6] + Array("target".utf8) + zone)
            + record([0xC0, 46], type: 1, [192, 0, 2, 20])),
        ("truncated and empty (an RRL slip)", WireBytes.header(id: 7, flags: 0x8600, ar: 1) + question + opt()),
        ("SERVFAIL", WireBytes.header(id: 8, flags: 0x8182) + question),
        ("REFUSED without AA", WireBytes.header(id: 9, flags: 0x8005, ar: 1) + question + opt(size: 4096)),
        ("extended rcode BADVERS", WireBytes.header(id: 10, flags: 0x8400, ar: 1) + question + opt(extendedRcode: 1)),
    ]

    /// Answers only ldns reads: other record types, EDNS options, the DO bit, a compression pointer forwards.
    static let leftToLDNS: [(String, [UInt8])] = [
        ("TXT", WireBytes.header(id: 11, flags: 0x8400, an: 1) + WireBytes.question("www.example.test", type: 16)
            + record([0xC0, 12], type: 16, [2] + Array("hi".utf8))),
        ("Extended DNS Error", WireBytes.header(id: 12, flags: 0x8182, ar: 1) + question + opt(options: [0, 15, 0, 2, 0, 7])),
        ("DO bit", WireBytes.header(id: 13, flags: 0x8400, an: 1, ar: 1) + question + WireBytes.aRecord([192, 0, 2, 10]) + opt(flags: 0x8000)),
        ("pointer forwards", WireBytes.header(id: 14, flags: 0x8400, an: 1) + question + record([0xC0, 50], type: 1, [192, 0, 2, 10])
            + [3] + Array("www".utf8) + [0]),
    ]

    static func plainMessage(_ bytes: [UInt8], recent: inout RecentNames) -> DNSMessage? {
        bytes.withUnsafeBytes { PlainWire.plainMessage($0, recent: &recent) }
    }

    static func plainMessage(_ bytes: [UInt8]) -> DNSMessage? {
        var recent = RecentNames()
        return plainMessage(bytes, recent: &recent)
    }

    static func decode(_ bytes: [UInt8]) throws -> DNSMessage {
        var recent = RecentNames()
        return try bytes.withUnsafeBytes { bytes throws(DNSError) in try PlainWire.decode(bytes, recent: &recent) }
    }

    @Test(arguments: plain.indices)
    func readsPlainAnswersAsLDNSDoes(_ index: Int) throws {
        let (label, bytes) = Self.plain[index]
        let fast = try #require(Self.plainMessage(bytes), "\(label): the fast path reads it")
        #expect(fast == (try LDNSCodec.decode(bytes)), "\(label)")
        #expect(try Self.decode(bytes) == fast)
    }

    @Test(arguments: leftToLDNS.indices)
    func leavesOtherAnswersToLDNS(_ index: Int) throws {
        let (label, bytes) = Self.leftToLDNS[index]
        #expect(Self.plainMessage(bytes) == nil, "\(label) goes to ldns")
        let decoded = try Self.decode(bytes)
        #expect(decoded == (try LDNSCodec.decode(bytes)), "\(label)")
    }

    @Test func keepsTheExtendedErrorOfAServfail() throws {
        let bytes = Self.leftToLDNS[1].1
        let decoded = try Self.decode(bytes)
        #expect(decoded.extendedErrors.first?.code == 7)
    }

    /// One socket's names carried from answer to answer: every answer reads as it does alone, in any order.
    @Test func reusesNamesOfEarlierAnswersWithoutMixingThemUp() throws {
        var recent = RecentNames()
        for round in 0..<3 {
            for (label, bytes) in Self.plain.shuffled() {
                let fast = try #require(Self.plainMessage(bytes, recent: &recent), "\(label)")
                #expect(fast == (try LDNSCodec.decode(bytes)), "\(label), round \(round)")
                #expect(fast.answer.map(\.name.description) == (try LDNSCodec.decode(bytes)).answer.map(\.name.description), "\(label): case kept")
            }
        }
    }

    /// The asked name stands in for the question's only when spelled the same, case included.
    @Test(arguments: ["www.example.test", "WWW.example.test", "www.example.tes", "ww.example.test", "www.example.test.x"])
    func readsTheQuestionAsSentWhateverWasAsked(_ asked: String) throws {
        let bytes = Self.plain[0].1
        var recent = RecentNames()
        let fast = try #require(bytes.withUnsafeBytes { PlainWire.plainMessage($0, recent: &recent, asked: try? DNSName(asked)) })
        #expect(fast == (try LDNSCodec.decode(bytes)))
        #expect(fast.question.first?.name.description == "www.example.test.")
    }

    /// Every single-byte mutation of a rich answer: what the fast path reads, ldns reads the same; nothing crashes.
    @Test func mutatedAnswersReadTheSameOrGoToLDNS() throws {
        let base = Self.plain[1].1
        var readFast = 0
        for position in base.indices {
            for value: UInt8 in [0x00, 0x01, 0x05, 0x29, 0x3F, 0x80, 0xC0, 0xFF] {
                var copy = base
                copy[position] = value
                guard let fast = Self.plainMessage(copy) else { continue }
                readFast += 1
                #expect(fast == (try? LDNSCodec.decode(copy)), "byte \(position) set to \(value)")
            }
        }
        #expect(readFast > base.count, "most mutations (TTLs, addresses, ids) stay plain")
    }

    static let queries: [DNSQuery] = {
        let name = try! DNSName("www.Example.test")
        return [
            DNSQuery(name: name, type: .a),
            DNSQuery(name: name, type: .aaaa, recursionDesired: true, checkingDisabled: true, dnssecOK: true, ednsBufferSize: 4096),
            DNSQuery(name: name, type: .txt, ednsBufferSize: nil),
            DNSQuery(name: .root, type: .ns),
            DNSQuery(name: try! DNSName("*._acme-challenge.example.test"), type: .txt, dnssecOK: true),
            // A label with a space in it, as DNSName keeps it (\032): ldns writes it.
            DNSQuery(name: [UInt8]([4, 0x61, 0x20, 0x62, 0x63, 4] + Array("test".utf8) + [0]).withUnsafeBufferPointer { DNSName(wire: $0) }, type: .a),
        ]
    }()

    @Test(arguments: queries.indices)
    func writesQueriesAsLDNSDoes(_ index: Int) throws {
        let query = Self.queries[index]
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        try PlainWire.write(query, id: 0xBEEF, to: &buffer)
        #expect(Array(buffer.readableBytesView) == (try LDNSCodec.encode(query, id: 0xBEEF)), "\(query.name) \(query.type)")
    }
}
