import Foundation
import NIOPosix
import Testing
import DVTestSupport
@testable import DVDNS

/// A resolver that is slow for some names (its recursion waits on upstream servers that never answer) is not
/// rate limiting: the resends those names need must neither mark it limiting nor move later names to TCP, nor
/// shrink its window until the names it answers at once wait behind the slow ones, and no exchange may say
/// `rate-limited`. A resolver that does limit (slipped answers) is still found out.
@Suite("slow upstreams are not rate limiting", .serialized)
struct SlowUpstreamTests {
    static let unboundConfig = "/tmp/dvtool-testnet/unbound/unbound.conf"

    /// Unbound's recursion into bench.test waits on 127.53.9.1, where nothing listens unless the benchmark NSD is up,
    /// for about 5 s before SERVFAIL; Unbound remembers that for `infra-host-ttl` (60 s), so its infra entry is
    /// flushed first. (lame.test is slow only when Unbound happens to try ns-dead first: not on demand.)
    @Test(TestWorld.realOnly) func slowRecursionDoesNotMakeTheResolverRateLimited() async throws {
        let flush = try CLI.run(["-c", Self.unboundConfig, "flush_infra", "127.53.9.1"], bytes: nil, timeout: 10,
                                executable: URL(fileURLWithPath: "/usr/sbin/unbound-control"))
        try #require(flush.status == 0, "unbound-control failed: is the world up (`scripts/testnet up`)? \(flush.stderr)")
        // dvtool's own budget: the first resend is due after one second, well before Unbound gives up.
        let policy = QueryPolicy(timeout: .seconds(3), attempts: 2)
        let client = try await DNSClient(group: MultiThreadedEventLoopGroup.singleton.next())
        let run = UInt32.random(in: 0 ... .max)
        let healthy = try DNSQuery(name: DNSName("www.example.test"), type: .a, recursionDesired: true)
        let slow = try (0..<6).map { DNSQuery(name: try DNSName("s\($0)-\(run).bench.test"), type: .a, recursionDesired: true) }
        // One batch, one socket: the resolver answers the healthy name at once while the slow ones need resends.
        let first = await client.query(([healthy] + slow).map { ($0, TestWorld.resolver) }, policy: policy)
        try #require(first[0].message?.rcode == .noError, "the resolver did not answer: \(first[0].outcome)")
        let slowOutcomes = first.dropFirst()
        try #require(slowOutcomes.allSatisfy { $0.roundTrip > .seconds(1) },
                     "bench.test resolved quickly: is the benchmark NSD up? (`scripts/testnet bench-down`) \(slowOutcomes.map(\.roundTrip))")
        #expect(slowOutcomes.allSatisfy { $0.error?.code == "timeout" && $0.transport == .udp }, "\(slowOutcomes.map(\.outcome))")

        let later = try ["www.example.test", "www.other.test", "www.mismatch.test", "xn--fsqu00a.xn--0zwm56d"].map {
            (query: DNSQuery(name: try DNSName($0), type: RecordType.a, recursionDesired: true), server: TestWorld.resolver)
        }
        for _ in 0..<4 {
            let exchanges = await client.query(later, policy: policy)
            #expect(exchanges.allSatisfy { $0.message?.rcode == .noError }, "\(exchanges.map(\.outcome))")
            #expect(exchanges.allSatisfy { $0.transport == .udp }, "later names went over \(exchanges.map(\.transport))")
        }
        await client.shutdown()
    }

    /// The same without a real resolver: recursive questions for some names are never answered (a modern Unbound
    /// drops what its recursion could not finish within `discard-timeout`), the others are answered at once. The
    /// unanswered ones time out; the later names still go over UDP.
    @Test func unansweredRecursiveQuestionsAreTimeoutsNotRateLimiting() async throws {
        let resolver = try await FakeDNSServer.start(udpReplies: Self.answeringOnlyNamesStartingWithA)
        let client = try await DNSClient()
        let policy = QueryPolicy(timeout: .milliseconds(800), attempts: 2)
        let names = (0..<20).map { "a\($0).example.test" } + (0..<10).map { "slow\($0).lame.test" }
        let exchanges = await client.query(try Self.recursive(names, to: resolver), policy: policy)
        #expect(exchanges.prefix(20).allSatisfy { $0.message != nil && $0.transport == .udp })
        let unanswered = exchanges.suffix(10)
        #expect(unanswered.allSatisfy { $0.error?.code == "timeout" && $0.transport == .udp }, "\(unanswered.map(\.outcome))")
        let afterwards = await client.query(try Self.recursive((0..<10).map { "a\($0).other.test" }, to: resolver), policy: policy)
        #expect(afterwards.allSatisfy { $0.message != nil && $0.transport == .udp }, "\(afterwards.map(\.outcome))")
        await client.shutdown()
        await resolver.stop()
    }

    /// Round after round a slow name needs resends while the resolver answers the other at once. Taken for drops,
    /// that halved the resolver's window each round, down to two queries in flight: then two slow names filled it,
    /// and the names it answers at once waited out their whole budget and read as timeouts. One loop, so one socket
    /// (one window) sees every round.
    @Test func slowNamesDoNotStarveTheNamesTheResolverAnswersAtOnce() async throws {
        let resolver = try await FakeDNSServer.start(udpReplies: Self.answeringOnlyNamesStartingWithA)
        let client = try await DNSClient(group: MultiThreadedEventLoopGroup.singleton.next())
        for round in 0..<12 {
            _ = await client.query(try Self.recursive(["a\(round).example.test", "slow\(round).lame.test"], to: resolver),
                                   policy: QueryPolicy(timeout: .milliseconds(150), attempts: 2))
        }
        let names = (0..<4).map { "slow\($0).other.test" } + (0..<20).map { "a\($0).other.test" }
        let exchanges = await client.query(try Self.recursive(names, to: resolver), policy: QueryPolicy(timeout: .milliseconds(800), attempts: 2))
        let answered = exchanges.suffix(20)
        #expect(answered.allSatisfy { $0.message != nil && $0.transport == .udp }, "\(answered.map(\.outcome))")
        #expect(answered.allSatisfy { $0.roundTrip < .milliseconds(400) }, "\(answered.map(\.roundTrip))")
        await client.shutdown()
        await resolver.stop()
    }

    /// A resolver that does rate limit and slips (BIND's RRL, which BIND lets a resolver enable too) is still found
    /// limiting: after two slips its further questions go over TCP.
    @Test func aResolverThatSlipsIsStillRateLimiting() async throws {
        let resolver = try await FakeDNSServer.start(udpReplies: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            return [WireBytes.header(id: id, flags: 0x8380) + WireBytes.question(name)]
        }, tcpReply: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            return [WireBytes.answer(id: id, name: name, address: [192, 0, 2, 7])]
        })
        let client = try await DNSClient()
        let policy = QueryPolicy(timeout: .milliseconds(800), attempts: 2)
        let slipped = await client.query(try Self.recursive(["a1.example.test", "a2.example.test"], to: resolver), policy: policy)
        #expect(slipped.allSatisfy { $0.message?.answer.first?.address == IPAddress("192.0.2.7") }, "\(slipped.map(\.outcome))")
        let later = await client.query(try Self.recursive((0..<5).map { "b\($0).example.test" }, to: resolver), policy: policy)
        #expect(later.allSatisfy { $0.message != nil && $0.transport == .tcp }, "\(later.map(\.outcome)) \(later.map(\.transport))")
        await client.shutdown()
        await resolver.stop()
    }

    /// A resolver that answers names starting with "a" at once and never answers the others.
    static let answeringOnlyNamesStartingWithA: FakeDNSServer.Replies = { query in
        let (id, name) = WireBytes.idAndName(ofQuery: query)
        guard name.hasPrefix("a") else { return [] }
        return [WireBytes.answer(id: id, name: name, address: [192, 0, 2, 1])]
    }

    static func recursive(_ names: [String], to server: FakeDNSServer) throws -> [(query: DNSQuery, server: ServerAddress)] {
        try names.map { (query: DNSQuery(name: try DNSName($0), type: RecordType.a, recursionDesired: true), server: server.address) }
    }
}
