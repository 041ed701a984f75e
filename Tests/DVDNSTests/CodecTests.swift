import Foundation
import Testing
@testable import DVDNS
import DVTestSupport

@Suite("ldns wire codec")
struct CodecTests {
    @Test func queryRoundTripsThroughLDNS() throws {
        let query = DNSQuery(name: try DNSName("www.Example.test"), type: .aaaa, recursionDesired: true,
                             checkingDisabled: true, dnssecOK: true, ednsBufferSize: 1232)
        let wire = try LDNSCodec.encode(query, id: 0xBEEF)
        #expect(wire[0] == 0xBE && wire[1] == 0xEF)
        let decoded = try LDNSCodec.decode(wire)
        #expect(decoded.id == 0xBEEF)
        #expect(!decoded.isResponse)
        #expect(decoded.recursionDesired)
        #expect(decoded.checkingDisabled)
        #expect(decoded.ednsBufferSize == 1232)
        #expect(decoded.question.first?.name == (try DNSName("www.example.test.")))
        #expect(decoded.question.first?.type == .aaaa)
    }

    @Test func recursionDesiredIsOffForAuthoritativeQueries() throws {
        let wire = try LDNSCodec.encode(DNSQuery(name: try DNSName("example.test"), type: .a), id: 1)
        #expect(wire[2] & 0x01 == 0)
    }

    @Test func decodesACompressedAnswer() throws {
        let message = try LDNSCodec.decode(WireBytes.answer(id: 7, name: "www.example.test", address: [192, 0, 2, 10]))
        #expect(message.isResponse && message.authoritative)
        #expect(message.rcode == .noError)
        #expect(message.answer.count == 1)
        #expect(message.answer[0].name == (try DNSName("www.example.test")))
        #expect(message.answer[0].ttl == 300)
        #expect(message.answer[0].address == IPAddress("192.0.2.10"))
    }

    @Test func joinsMultiStringTXTWithoutSeparator() throws {
        let strings: [[UInt8]] = [Array(repeating: UInt8(ascii: "a"), count: 255), Array("bc".utf8)]
        let rdata = strings.flatMap { [UInt8($0.count)] + $0 }
        let record: [UInt8] = [0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0, 60, UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF)] + rdata
        let wire = WireBytes.header(id: 9, flags: 0x8400, an: 1) + WireBytes.question("t.example.test", type: 16) + record
        let message = try LDNSCodec.decode(wire)
        #expect(message.answer.first?.joinedText == String(repeating: "a", count: 255) + "bc")
    }

    @Test func decodesNXDomainWithSOA() throws {
        let soaRdata = WireBytes.name("ns1.example.test") + WireBytes.name("hostmaster.example.test")
            + [2026112202, 3600, 900, 604800, 600].flatMap { (value: UInt32) in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        let soa = WireBytes.name("example.test") + [0, 6, 0, 1, 0, 0, 0x0E, 0x10, 0, UInt8(soaRdata.count)] + soaRdata
        let wire = WireBytes.header(id: 3, flags: 0x8403, ns: 1) + WireBytes.question("missing.example.test") + soa
        let message = try LDNSCodec.decode(wire)
        #expect(message.rcode == .nxDomain)
        let record = try #require(message.authority.first?.soa)
        #expect(record.serial == 2026112202)
        #expect(record.minimum == 600)
    }

    // Malformed input replayed from hand-built packets: each must be rejected, never crash.
    static let malformed: [(String, [UInt8])] = [
        ("empty", []),
        ("short header", [0x12, 0x34, 0x81]),
        ("truncated answer", Array(WireBytes.answer(id: 1, name: "a.test", address: [1, 2, 3, 4]).dropLast(3))),
        ("answer count larger than the records", WireBytes.header(id: 1, flags: 0x8400, an: 5) + WireBytes.question("a.test") + WireBytes.aRecord([1, 2, 3, 4])),
        ("compression pointer to itself", WireBytes.header(id: 1, flags: 0x8400, qd: 1) + [0xC0, 0x0C, 0, 1, 0, 1]),
        ("compression loop between two pointers", WireBytes.header(id: 1, flags: 0x8400, qd: 1) + [0xC0, 0x0E, 0xC0, 0x0C, 0, 1, 0, 1]),
        ("label running past the end", WireBytes.header(id: 1, flags: 0x8400, qd: 1) + [40, 0x61, 0x62]),
        ("rdlength past the end", WireBytes.header(id: 1, flags: 0x8400, an: 1) + WireBytes.question("a.test") + [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 1, 0xFF, 0xFF, 1]),
    ]

    @Test(arguments: malformed.indices)
    func rejectsMalformedMessages(_ index: Int) {
        let (label, bytes) = Self.malformed[index]
        #expect(throws: DNSError.self, "\(label) must be rejected") { try LDNSCodec.decode(bytes) }
    }

    /// 2,000 random messages from a seeded generator (the seed is printed, so a failure can be replayed with
    /// DVTOOL_GARBAGE_SEED): each one decodes or fails with a typed `DNSError`, and a decoded one is consistent.
    @Test func survivesRandomGarbage() {
        let seed = ProcessInfo.processInfo.environment["DVTOOL_GARBAGE_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1 ... .max)
        print("survivesRandomGarbage seed: \(seed)")
        var generator = SeededGenerator(seed: seed)
        var decoded = 0
        for round in 0..<2000 {
            let length = Int.random(in: 0..<300, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Half the rounds get a plausible header (one question, small counts) so the decoder goes deeper.
            if round.isMultiple(of: 2), bytes.count >= 12 {
                bytes.replaceSubrange(4..<12, with: [0, 1, 0, UInt8(round % 3), 0, 0, 0, 0])
            }
            do {
                let message = try LDNSCodec.decode(bytes)
                decoded += 1
                #expect(message.id == UInt16(bytes[0]) << 8 | UInt16(bytes[1]), "seed \(seed), round \(round)")
            } catch {
                #expect(!error.description.isEmpty, "seed \(seed), round \(round)")
            }
        }
        #expect(decoded < 2000, "seed \(seed): random bytes cannot all be well-formed messages")
    }

    @Test func mutatedValidAnswersNeverCrash() throws {
        let base = WireBytes.answer(id: 42, name: "www.example.test", address: [192, 0, 2, 10])
        var decodedCount = 0
        for position in base.indices {
            for value: UInt8 in [0x00, 0x3F, 0xC0, 0xFF] {
                var copy = base
                copy[position] = value
                if (try? LDNSCodec.decode(copy)) != nil { decodedCount += 1 }
            }
        }
        #expect(decodedCount > 0, "some single-byte mutations still decode")
    }
}
