import Testing
import DVTestSupport
@testable import DVDNS

/// The hermetic tier's seam and its fake world: a routed address answers as the world's server there does.
@Suite("test routes and the fake world", .serialized)
struct TestRoutesTests {
    let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)

    @Test func theEnvironmentFormReadsPairsAndLeavesMalformedOnesOut() {
        let routes = TestRoutes.parse("127.53.1.1:53=127.0.0.1:40001,127.53.0.1=127.0.0.1:40002,junk,1.2.3.4=nowhere")
        #expect(routes == [ServerAddress(parsing: "127.53.1.1")!: ServerAddress(parsing: "127.0.0.1:40001")!,
                           ServerAddress(parsing: "127.53.0.1")!: ServerAddress(parsing: "127.0.0.1:40002")!])
    }

    @Test func aRoutedQueryIsReportedUnderTheWorldAddressOverUDPAndTCP() async throws {
        let scripted = try await FakeDNSServer.start(udpReplies: { query in [Self.reply(to: query, truncated: true)] },
                                                     tcpReply: { query in [Self.reply(to: query, truncated: false)] })
        defer { Task { await scripted.stop() } }
        // An address nothing listens on unless routed: the TEST-NET-1 range never leaves this machine here.
        let world = ServerAddress(parsing: "192.0.2.53")!
        TestRoutes.add([world: scripted.address])
        let client = try await DNSClient()
        let exchange = await client.query(DNSQuery(name: try DNSName("www.example.test"), type: .a), server: world, policy: policy)
        await client.shutdown()
        #expect(exchange.server == world)
        #expect(exchange.transport == .tcp, "the truncated UDP answer was asked again over TCP at the routed port")
        #expect(exchange.message?.answer.isEmpty == true && exchange.message?.rcode == .noError, "\(exchange.outcome)")
    }

    @Test func theFakeWorldAnswersAsTheCaseTableSays() async throws {
        try await TestWorld.prepare(policy: policy)
        let client = try await DNSClient()
        func ask(_ name: String, _ type: RecordType, _ server: String) async throws -> DNSMessage {
            let query = DNSQuery(name: try DNSName(name), type: type, recursionDesired: server == "127.53.53.53")
            return try #require(await client.query(query, server: ServerAddress(parsing: server)!, policy: policy).message)
        }
        let referral = try await ask("www.example.test", .a, "127.53.0.2")
        #expect(!referral.authoritative && referral.authority.map(\.type) == [.ns, .ns])
        #expect(Set(referral.additional.compactMap(\.address)) == [IPAddress("127.53.1.1")!, IPAddress("127.53.1.2")!])
        let differ = try await ask("differ.example.test", .a, "127.53.1.2")
        #expect(differ.authoritative && differ.answer.compactMap(\.address) == [IPAddress("192.0.2.21")!])
        let missing = try await ask("missing.example.test", .a, "127.53.1.1")
        #expect(missing.rcode == .nxDomain && missing.authority.first?.ttl == 600)
        let nodata = try await ask("caa-parent.example.test", .a, "127.53.1.1")
        #expect(nodata.rcode == .noError && nodata.answer.isEmpty && nodata.authority.first?.type == .soa)
        let wildcard = try await ask("anything.wildtxt.example.test", .a, "127.53.1.1")
        #expect(wildcard.answer.first?.name == (try DNSName("anything.wildtxt.example.test")))
        #expect((try await ask("www.lame.test", .a, "127.53.2.2")).rcode == .refused)
        let external = try await ask("external.example.test", .a, "127.53.53.53")
        #expect(!external.authoritative && external.recursionAvailable && external.answer.last?.address == IPAddress("198.51.100.10"))
        #expect((try await ask("loop1.example.test", .a, "127.53.53.53")).rcode == .servFail)
        #expect((try await ask("www.servfail.test", .a, "127.53.53.53")).rcode == .servFail)
        let dead = await client.query(DNSQuery(name: try DNSName("lame.test"), type: .soa), server: ServerAddress(parsing: "127.53.2.1")!,
                                      policy: QueryPolicy(timeout: .milliseconds(300), attempts: 1))
        if case .failure(.timeout) = dead.outcome {} else { Issue.record("the dead server answered: \(dead.outcome)") }
        await client.shutdown()
    }

    /// An empty NOERROR answer to `query`'s question, TC set when asked.
    private static func reply(to query: [UInt8], truncated: Bool) -> [UInt8] {
        var reply = query
        reply[2] = 0x80 | (truncated ? 0x02 : 0)
        reply[3] = 0
        reply[10] = 0
        reply[11] = 0
        var end = 12
        while reply[end] != 0 { end += 1 + Int(reply[end]) }
        return Array(reply[..<(end + 5)])
    }
}
