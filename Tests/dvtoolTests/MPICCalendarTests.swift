import Foundation
import Testing
import DVTestSupport

/// `mpic --at`: the BR 3.2.2.9 minimum of the day, on the eve and the day of each step, with `local`
/// perspectives (no namespaces needed) checking the world's `_acme-challenge.example.test`.
@Suite("dvtool mpic: the dated BR rule")
struct MPICCalendarTests {
    private func run(remotes: Int, at day: String) async throws -> (Int32, [String: Any]) {
        let rirs = ["ARIN", "RIPE", "APNIC", "RIPE", "LACNIC", "AFRINIC"]
        let lines = ["primary p0 ARIN local"] + (1 ... remotes).map { "p\($0) \(rirs[$0 - 1]) local" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mpic-calendar-\(UUID().uuidString.prefix(6)).conf")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await TestWorld.runCLI(["mpic", "dcv", "example.test", "--value", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ",
                                  "--perspectives", file.path, "--at", day, "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        return (result.status, json)
    }

    /// (remotes, day, valid, minimum, the rule's first day)
    static let cases: [(Int, String, Bool, Int, String)] = [
        (3, "2026-06-14", true, 3, "2026-03-15"),
        (3, "2026-06-15", false, 4, "2026-06-15"),
        (4, "2026-12-14", true, 4, "2026-06-15"),
        (4, "2026-12-15", false, 5, "2026-12-15"),
        (5, "2026-12-15", true, 5, "2026-12-15"),
        // Before 2026-03-15 the BR asked for 2; Boulder's floor of 3 still decides.
        (3, "2026-03-14", true, 3, "2025-09-15"),
    ]

    @Test(arguments: cases.indices)
    func minimumOfTheDay(row: Int) async throws {
        let (remotes, day, valid, minimum, since) = Self.cases[row]
        let (status, report) = try await run(remotes: remotes, at: day)
        #expect((report["valid"] as? Bool) == valid, "row \(row): \(report["message"] ?? "")")
        #expect(status == (valid ? 0 : 1), "row \(row)")
        let calendar = try #require(report["calendar"] as? [String: Any], "row \(row)")
        #expect(calendar["day"] as? String == day)
        #expect(calendar["minimumRemotes"] as? Int == minimum, "row \(row)")
        #expect((calendar["rule"] as? [String: Any])?["since"] as? String == since, "row \(row)")
        #expect((calendar["applied"] as? String)?.contains("BR 3.2.2.9") == true)
        if !valid {
            #expect(report["message"] as? String == "Insufficient remote perspectives: BR 3.2.2.9 requires at least \(minimum) from \(since), \(remotes) configured")
        }
    }

    @Test func textSaysWhichRuleApplied() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mpic-calendar-text.conf")
        try "primary p0 ARIN local\np1 ARIN local\np2 RIPE local\np3 APNIC local".write(to: file, atomically: true, encoding: .utf8)
        let result = try await TestWorld.runCLI(["mpic", "dcv", "example.test", "--value", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ", "--perspectives", file.path,
                                  "--at", "2026-04-01", "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("rule: BR 3.2.2.9 (SC-067), effective 2026-03-15: 3 remote perspectives, corroborating from 2 RIRs (in force on 2026-04-01)"), "\(result.stdout)")
        let bad = try await TestWorld.runCLI(["mpic", "dcv", "example.test", "--value", "x", "--perspectives", file.path, "--at", "someday"])
        #expect(bad.status == 2 && bad.stderr.contains("is not a moment"), "\(bad.stderr)")
    }
}
