import Foundation
import Testing
import DVTestSupport
@testable import DVDNS

/// A resolver that is slow for some names (its recursion waits on upstream servers that never answer) is not
/// rate limiting: the resends those names need must neither mark it limiting nor move later names to TCP, and no
/// exchange may say `rate-limited`.
@Suite("slow upstreams are not rate limiting", .serialized)
struct SlowUpstreamTests {
    static let unboundConfig = "/tmp/dvtool-testnet/unbound/unbound.conf"
    /// dvtool's own budget: the first resend is due after one second, well before Unbound gives up.
    let policy = QueryPolicy(timeout: .seconds(3), attempts: 2)

    /// Unbound's recursion into bench.test waits on 127.53.9.1, where nothing listens unless the benchmark NSD is up,
    /// for about 5 s before SERVFAIL; Unbound remembers that for `infra-host-ttl` (60 s), so its infra entry is
    /// flushed first. (lame.test is slow only when Unbound happens to try ns-dead first: not on demand.)
    @Test(TestWorld.realOnly) func slowRecursionDoesNotMakeTheResolverRateLimited() async throws {
        let flush = Process()
        flush.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        flush.arguments = ["unbound-control", "-c", Self.unboundConfig, "flush_infra", "127.53.9.1"]
        try flush.run()
        flush.waitUntilExit()
        try #require(flush.terminationStatus == 0, "unbound-control failed: is the world up (`scripts/testnet up`)?")

        let client = try await DNSClient()
        let run = UInt32.random(in: 0 ... .max)
        let healthy = try DNSQuery(name: DNSName("www.example.test"), type: .a, recursionDesired: true)
        let slow = try (0..<6).map { DNSQuery(name: try DNSName("s\($0)-\(run).bench.test"), type: .a, recursionDesired: true) }
        // One batch, one socket: the resolver answers the healthy name at once while the slow ones need resends.
        let first = await client.query(([healthy] + slow).map { ($0, TestWorld.resolver) }, policy: policy)
        try #require(first[0].message?.rcode == .noError, "the resolver did not answer: \(first[0].outcome)")
        let slowOutcomes = first.dropFirst()
        try #require(slowOutcomes.allSatisfy { $0.roundTrip > .seconds(1) },
                     "bench.test resolved quickly: is the benchmark NSD up? (`scripts/testnet bench-down`) \(slowOutcomes.map(\.roundTrip))")
        #expect(!slowOutcomes.contains { $0.error?.code == "rate-limited" }, "\(slowOutcomes.map(\.outcome))")
        #expect(slowOutcomes.allSatisfy { $0.transport == .udp }, "\(slowOutcomes.map(\.transport))")

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
        let resolver = try await FakeDNSServer.start(udpReplies: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            guard name.hasPrefix("a") else { return [] }
            return [WireBytes.answer(id: id, name: name, address: [192, 0, 2, 1])]
        })
        let client = try await DNSClient()
        let names = (0..<20).map { "a\($0).example.test" } + (0..<10).map { "slow\($0).lame.test" }
        let batch = try names.map { (query: DNSQuery(name: try DNSName($0), type: RecordType.a, recursionDesired: true), server: resolver.address) }
        let exchanges = await client.query(batch, policy: QueryPolicy(timeout: .milliseconds(800), attempts: 2))
        #expect(exchanges.prefix(20).allSatisfy { $0.message != nil && $0.transport == .udp })
        let unanswered = exchanges.suffix(10)
        #expect(unanswered.allSatisfy { $0.error?.code == "timeout" && $0.transport == .udp }, "\(unanswered.map(\.outcome))")
        let later = try (0..<10).map { (query: DNSQuery(name: try DNSName("a\($0).other.test"), type: RecordType.a, recursionDesired: true),
                                       server: resolver.address) }
        let afterwards = await client.query(later, policy: QueryPolicy(timeout: .milliseconds(800), attempts: 2))
        #expect(afterwards.allSatisfy { $0.message != nil && $0.transport == .udp }, "\(afterwards.map(\.outcome))")
        await client.shutdown()
        await resolver.stop()
    }
}
