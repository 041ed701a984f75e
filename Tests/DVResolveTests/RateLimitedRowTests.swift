import Testing
@testable import DVDNS
@testable import DVResolve
import DVReport

/// A rate-limited exchange says nothing about the name: its row is `rate-limited`, not `unreachable`, the
/// problem is a warning with its own code, and the status is "could not check", never "ok" or a DNS problem.
@Suite("rate-limited rows")
struct RateLimitedRowTests {
    @Test func rateLimitedExchangeMakesARateLimitedRowAndCouldNotCheck() throws {
        let server = ServerAddress(parsing: "127.53.9.2")!
        let name = try DNSName("x.rrl.test")
        let limited = DNSExchange(query: DNSQuery(name: name, type: .a), server: server,
                                  outcome: .failure(.rateLimited(server: "127.53.9.2", "no answer")), roundTrip: .seconds(1), transport: .tcp)
        let row = ServerAnswer(limited, server: "ns.rrl.test.", address: limited.server.description, zone: try DNSName("rrl.test"), authoritativeCheck: true, expected: [])
        #expect(row.verdict == .rateLimited)
        #expect(!row.verdict.isFailing)
        let problems = RowJudge(rows: [row], finalRows: [row], expected: [], chain: []).problems()
        #expect(problems.map(\.code.rawValue) == ["rate-limited"])
        #expect(problems.allSatisfy { $0.severity == .warning })
        #expect(CheckStatus.judge(problems: problems, failingRows: 0, uncheckedRows: 1) == .error)
    }
}
