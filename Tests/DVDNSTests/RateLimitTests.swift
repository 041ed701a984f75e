import Foundation
import Testing
import DVTestSupport
@testable import DVDNS

/// Response rate limiting (issue 13.3): a real NSD with Debian's default RRL (rrl.test at 127.53.9.2, started by
/// `scripts/testnet up`), and scripted servers for what no real server can be made to do on demand.
@Suite("rate-limited servers", .serialized)
struct RateLimitTests {
    static let rrlServer = ServerAddress(parsing: "127.53.9.2")!
    let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)

    @Test(TestWorld.realOnly) func everyQueryToTheRRLServerIsAnsweredAndTheLimitedOnesGoOverTCP() async throws {
        let client = try await DNSClient()
        let probe = await client.query(DNSQuery(name: try DNSName("rrl.test"), type: .soa), server: Self.rrlServer, policy: policy)
        try #require(probe.message != nil, "the RRL server is down: run `scripts/testnet up`")
        let run = UInt32.random(in: 0 ... .max)
        // 2,000 AAAA questions for A-only names: NODATA, one RRL bucket for the zone, ten times its 200/s.
        let batch = try (0..<2000).map { (query: DNSQuery(name: try DNSName("q\($0)-\(run).rrl.test"), type: RecordType.aaaa), server: Self.rrlServer) }
        let exchanges = await client.query(batch, policy: policy)
        let answered = exchanges.filter { $0.message?.rcode == .noError && $0.message?.authoritative == true }
        #expect(answered.count == 2000, "unanswered: \(exchanges.compactMap(\.error).prefix(3))")
        #expect(exchanges.contains { $0.transport == .tcp }, "RRL never showed: is 127.53.9.2 Debian's default NSD?")
        await client.shutdown()
    }

    @Test func pipelinedTCPMatchesEachAnswerToItsQuery() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { _ in [] }, tcpReply: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            let number = UInt8(name.split(separator: ".")[0].dropFirst())!
            return [WireBytes.answer(id: id, name: name, address: [10, 0, 1, number])]
        })
        let client = try await DNSClient()
        let batch = try (0..<200).map { (query: DNSQuery(name: try DNSName("n\($0).example.test"), type: RecordType.a), server: server.address) }
        let exchanges = await client.query(batch, policy: QueryPolicy(timeout: .seconds(2), attempts: 1, overTCP: true))
        for (number, exchange) in exchanges.enumerated() {
            #expect(exchange.transport == .tcp)
            #expect(exchange.message?.answer.first?.address == IPAddress("10.0.1.\(number)"), "query \(number): \(exchange.outcome)")
        }
        await client.shutdown()
        await server.stop()
    }

    /// An idle pipelined connection is closed after `idleTimeout`; the next query opens a new one and is answered.
    @Test func idleTCPConnectionClosesAndTheNextQueryReconnects() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { _ in [] }, tcpReply: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            return [WireBytes.answer(id: id, name: name, address: [10, 0, 2, 1])]
        })
        let client = try await DNSClient()
        let policy = QueryPolicy(timeout: .seconds(2), attempts: 1, overTCP: true)
        let before = await client.query(DNSQuery(name: try DNSName("a.example.test"), type: .a), server: server.address, policy: policy)
        #expect(before.message?.answer.first?.address == IPAddress("10.0.2.1"))
        try await Task.sleep(for: .nanoseconds(TCPPipelineHandler.idleTimeout.nanoseconds) + .milliseconds(500))
        let after = await client.query(DNSQuery(name: try DNSName("b.example.test"), type: .a), server: server.address, policy: policy)
        #expect(after.message?.answer.first?.address == IPAddress("10.0.2.1"), "\(after.outcome)")
        await client.shutdown()
        await server.stop()
    }

    /// A server that answers some queries and drops the rest, with no TCP: the dropped ones are `rate-limited`,
    /// never a timeout that would read as a dead server or a DNS problem of the name.
    @Test func droppedQueriesOfAnAnsweringServerAreRateLimited() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            guard name.hasPrefix("a") else { return [] }
            return [WireBytes.answer(id: id, name: name, address: [192, 0, 2, 1])]
        })
        let client = try await DNSClient()
        let names = (0..<20).map { "a\($0).example.test" } + (0..<10).map { "d\($0).example.test" }
        let batch = try names.map { (query: DNSQuery(name: try DNSName($0), type: RecordType.a), server: server.address) }
        let exchanges = await client.query(batch, policy: QueryPolicy(timeout: .milliseconds(800), attempts: 2))
        #expect(exchanges.prefix(20).allSatisfy { $0.message != nil })
        let dropped = exchanges.suffix(10)
        #expect(dropped.allSatisfy { $0.error?.code == "rate-limited" }, "\(dropped.map(\.outcome))")
        #expect(dropped.first?.error?.description.contains("rate-limits this client") == true)
        await client.shutdown()
        await server.stop()
    }

    @Test func aSilentServerIsNotRateLimited() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { _ in [] })
        let client = try await DNSClient()
        let batch = try (0..<10).map { (query: DNSQuery(name: try DNSName("s\($0).example.test"), type: RecordType.a), server: server.address) }
        let exchanges = await client.query(batch, policy: QueryPolicy(timeout: .milliseconds(400), attempts: 3))
        #expect(exchanges.allSatisfy { $0.error?.code == "timeout" }, "\(exchanges.map(\.outcome))")
        await client.shutdown()
        await server.stop()
    }

    /// Resends back off: with three tries in 700 ms the waits are 100 ms, then 200 ms (1 and 2 of 7 parts),
    /// and the last try still has 400 ms to be answered.
    @Test func resendsBackOffExponentially() async throws {
        let arrivals = ArrivalLog()
        let server = try await FakeDNSServer.start(udpReplies: { _ in
            arrivals.record()
            return []
        })
        let client = try await DNSClient()
        _ = await client.query(DNSQuery(name: try DNSName("slow.example.test"), type: .a), server: server.address,
                               policy: QueryPolicy(timeout: .milliseconds(700), attempts: 3))
        let times = arrivals.times
        try #require(times.count == 3, "\(times.count) sends")
        let first = times[1] - times[0], second = times[2] - times[1]
        #expect(first >= .milliseconds(80) && first < .milliseconds(180), "first wait \(first)")
        #expect(second >= .milliseconds(180) && second < .milliseconds(320), "second wait \(second)")
        await client.shutdown()
        await server.stop()
    }
}

/// When a scripted server saw each query.
final class ArrivalLog: @unchecked Sendable {
    private let lock = NSLock()
    private var instants: [ContinuousClock.Instant] = []

    func record() { lock.withLock { instants.append(.now) } }
    var times: [ContinuousClock.Instant] { lock.withLock { instants } }
}
