import Foundation
import Testing
import DVTestSupport

/// Every timeout option takes the duration syntax of --wait-timeout (a bare number stays seconds), and a value out
/// of range is one line that says the range.
@Suite("Timeout options take durations (CLI)")
struct TimeoutOptionTests {
    @Test(arguments: [
        (["resolve", "www.example.test", "--no-recursive", "--timeout", "0"], "--timeout must be more than 0 and at most 2m, got 0s"),
        (["resolve", "www.example.test", "--no-recursive", "--timeout", "0s"], "--timeout must be more than 0 and at most 2m, got 0s"),
        (["cert", "probe", "127.0.0.1:1", "--timeout", "0"], "--timeout must be more than 0 and at most 2m, got 0s"),
        (["cert", "probe", "127.0.0.1:1", "--timeout", "5m"], "--timeout must be more than 0 and at most 2m, got 5m"),
        (["http-check", "www.example.test", "--path", "x", "--http-timeout", "0"], "--http-timeout must be more than 0 and at most 1m, got 0s"),
        (["http-check", "www.example.test", "--path", "x", "--timeout", "later"], "The value 'later' is invalid for '--timeout <duration>': not a duration"),
    ])
    func outOfRangeIsOneLineNamingTheRange(_ arguments: [String], _ line: String) async throws {
        let result = try await TestWorld.runCLI(arguments)
        result.expectBadInput(mentioning: line)
    }

    @Test func durationsAndBareSecondsAreAccepted() async throws {
        for timeout in ["2s", "1.5", "2", "0.5m"] {
            let result = try await TestWorld.runCLI(["resolve", "www.good.dnssec.test", "--no-recursive", "--root-hints", CLI.rootHints, "--timeout", String(timeout)])
            #expect(result.status == 0, "--timeout \(timeout): \(result.stdout)\(result.stderr)")
        }
        // Nothing listens on port 1: could not check (3), not bad input (2).
        let probe = try await TestWorld.runCLI(["cert", "probe", "127.0.0.1:1", "--timeout", "1.5s"])
        #expect(probe.status == 3, "\(probe.stdout)\(probe.stderr)")
    }
}
