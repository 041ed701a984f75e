import Testing
import DVTestSupport
import DVDNS
import DVResolve
import DVReport

/// Cases that change the world: each touches only names no other test reads, and puts them back.
@Suite("resolve while the world changes", .serialized, TestWorld.realOnly)
struct ResolveWorldEditTests {
    @Test func laggingServerIsReportedUntilItCatchesUp() async throws {
        let checker = try await DNSWorld.checker(resolvers: [])
        let before = await checker.check(dns("new.example.test"), expected: [ip("192.0.2.40")])
        #expect(before.errorCodes.contains("servers-disagree"))
        #expect(Set(before.rows("A").map(\.verdict)) == [.ok, .nxdomain])

        try DNSWorld.testnet("set-record", "auth2", "example.test", "new", "A", "192.0.2.40")
        defer { try? DNSWorld.testnet("delete-record", "auth2", "example.test", "new", "A") }
        let after = try await DNSWorld.checker(resolvers: []).check(dns("new.example.test"), expected: [ip("192.0.2.40")])
        #expect(!after.errorCodes.contains("servers-disagree"), "\(after.problems)")
        #expect(after.rows("A").allSatisfy { $0.verdict == .ok })
    }

    @Test func resolverHoldingAnOldAnswerIsReportedWithItsTTL() async throws {
        for instance in ["auth1", "auth2"] {
            try DNSWorld.testnet("set-record", "--ttl", "900", instance, "example.test", "stale", "A", "192.0.2.111")
        }
        defer {
            for instance in ["auth1", "auth2"] { try? DNSWorld.testnet("delete-record", instance, "example.test", "stale", "A") }
            try? DNSWorld.testnet("flush", "stale.example.test")
        }
        try DNSWorld.testnet("flush", "stale.example.test")
        let warm = try await DNSWorld.checker().check(dns("stale.example.test"), expected: [ip("192.0.2.111")])
        #expect(!warm.codes.contains("resolver-differs"), "\(warm.problems)")

        for instance in ["auth1", "auth2"] {
            try DNSWorld.testnet("set-record", "--ttl", "900", instance, "example.test", "stale", "A", "192.0.2.112")
        }
        let report = try await DNSWorld.checker().check(dns("stale.example.test"), expected: [ip("192.0.2.112")])
        #expect(report.rows("A").allSatisfy { $0.addresses == ["192.0.2.112"] })
        let stale = try #require(report.problems.first { $0.code == .resolverDiffers })
        #expect(stale.message.contains("192.0.2.111"))
        #expect(stale.message.contains(" s"))
    }
}
