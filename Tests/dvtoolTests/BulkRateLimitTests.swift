import Foundation
import Testing
import DVTestSupport

/// `resolve --from` against an authoritative server with Debian's default response rate limiting (issue 13.3):
/// every name gets a true answer, none a false problem, and the run ends with a summary that counts them.
@Suite("dvtool resolve --from against a rate-limiting server", TestWorld.realOnly("Response rate limiting is NSD's (the rrl instance at 127.53.9.2); the fake world does not limit"))
struct BulkRateLimitTests {
    @Test func everyNameIsAnsweredWithoutFalseProblems() throws {
        let run = UInt32.random(in: 0 ... .max)
        let names = (0..<3000).map { "b\($0)-\(run).rrl.test" }
        // A file, not stdin: CLI.run writes all of stdin before it reads stdout, and 3,000 names fill a pipe.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rrl-names-\(run).txt")
        try (names.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.run(["resolve", "--from", file.path, "--no-recursive", "--json", "--root-hints", CLI.rootHints], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == names.count)
        var overTCP = 0
        for line in lines {
            let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(report["status"] as? String == "ok", "\(line.prefix(400))")
            #expect((report["problems"] as? [Any])?.isEmpty == true, "\(line.prefix(400))")
            let rows = report["authoritative"] as? [[String: Any]] ?? []
            #expect(rows.count == 2 && rows.allSatisfy { $0["server"] as? String == "ns.rrl.test." && $0["rcode"] as? String == "NOERROR" })
            overTCP += rows.filter { $0["transport"] as? String == "tcp" }.count
        }
        #expect(overTCP > 0, "the server never limited: is 127.53.9.2 the RRL NSD?")
        #expect(result.stderr.hasSuffix("3000 ok, 0 problem, 0 could not check (0 rate-limited)\n"), "\(result.stderr)")
    }
}
