import Foundation
import Testing
import DVTestSupport

/// `dvtool resolve` end to end: arguments, exit codes, JSON and bulk mode, against the DNS world.
@Suite("dvtool resolve (CLI)")
struct ResolveCLITests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    // TestWorld.runCLI: both tiers (DVTOOL_TEST_DNS_ROUTES points the process at the fake world).
    @Test func healthyNameExitsZeroWithATable() async throws {
        let result = try await TestWorld.runCLI(["resolve", "www.example.test", "--expect", "192.0.2.10", "--expect", "2001:db8::10"] + world)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("ns1.example.test."))
        #expect(result.stdout.contains("AUTHORITATIVE"))
        #expect(result.stdout.contains("ok: every server answers consistently"))
        #expect(!result.stdout.contains("\u{1B}["), "NO_COLOR must suppress colour")
    }

    @Test func problemExitsOneAndJSONCarriesTheCodes() async throws {
        let result = try await TestWorld.runCLI(["resolve", "differ.example.test", "--json"] + world)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "problem")
        #expect(json["zone"] as? String == "example.test.")
        let problems = try #require(json["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["code"] as? String == "servers-disagree" && $0["severity"] as? String == "error" })
        let rows = try #require(json["authoritative"] as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0["server"] != nil && $0["address"] != nil && $0["rttMilliseconds"] != nil && $0["verdict"] != nil })
    }

    @Test(arguments: [
        (["resolve", String(repeating: "a", count: 64) + ".test"], "63"),
        (["resolve", "a..test"], "empty label"),
        (["resolve", "bad_name!.test"], "'!'"),
        (["resolve", "www.example.test", "--expect", "999.1.1.1"], "--expect \"999.1.1.1\" is not an IPv4 or IPv6 address"),
        (["resolve", "www.example.test", "--root-hints", "/nonexistent/hints"], "/nonexistent/hints"),
        (["resolve", "www.example.test", "--resolver", "not-an-ip"], "--resolver \"not-an-ip\""),
        (["resolve", "www.example.test", "--timeout", "0"], "--timeout must be more than 0 and at most 2m, got 0s"),
        (["resolve", "www.example.test", "--timeout", "3m"], "--timeout must be more than 0 and at most 2m, got 3m"),
        (["resolve"], "give either a NAME or --from FILE"),
        (["resolve", "www.example.test", "--timeout", "soon"], "The value 'soon' is invalid for '--timeout <duration>': not a duration (e.g. 3s, 1.5s, 1m) or a number of seconds"),
        (["resolve", "www.example.test", "--type", "MX"], "The value 'MX' is invalid for '--type <A|AAAA>'. Please provide one of 'A' and 'AAAA'."),
    ])
    func badInputExitsTwoWithOneClearLine(_ arguments: [String], _ mentioned: String) async throws {
        let result = try await TestWorld.runCLI(arguments + ["--no-recursive"])
        result.expectBadInput(mentioning: mentioned)
    }

    @Test func unreachableRootWithoutResolversExitsThreeWithinTheTimeout() async throws {
        let hints = FileManager.default.temporaryDirectory.appendingPathComponent("dead-root-\(UUID()).hints")
        try ". 3600 NS dead.root.\ndead.root. 3600 A 127.53.2.1\n".write(to: hints, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: hints) }
        let started = Date()
        let result = try await TestWorld.runCLI(["resolve", "www.example.test", "--root-hints", hints.path, "--no-recursive", "--timeout", "1"])
        #expect(result.status == 3, "\(result.stdout)")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.stdout.contains("no root server answered"))
    }

    @Test func typeRestrictsTheRowsToOneRecordType() async throws {
        let result = try await TestWorld.runCLI(["resolve", "www.example.test", "--type", "aaaa", "--expect", "2001:db8::10", "--json"] + world)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["authoritative"] as? [[String: Any]])
        let recursive = try #require(json["recursive"] as? [[String: Any]])
        #expect(rows.count == 2)
        #expect((rows + recursive).allSatisfy { $0["type"] as? String == "AAAA" })
        #expect(rows.allSatisfy { $0["addresses"] as? [String] == ["2001:db8::10"] })
    }

    @Test func bulkModeStreamsOneJSONLinePerNameAndReportsBadLines() async throws {
        let input = """
            www.example.test
            # comments and blank lines are skipped

            differ.example.test
            bad..name
            www.other.test
            """
        let result = try await TestWorld.runCLI(["resolve", "--from", "-", "--json", "--no-recursive", "--root-hints", CLI.rootHints], input: input)
        #expect(result.status == 2, "a bad line makes the batch exit 2")
        let lines = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        #expect(lines.count == 4)
        let byLine = Dictionary(try lines.map { (try #require($0["line"] as? Int, "no line number: \($0)"), $0) }) { first, _ in first }
        #expect(byLine[1]?["status"] as? String == "ok")
        #expect(byLine[4]?["status"] as? String == "problem")
        #expect((byLine[5]?["error"] as? String)?.contains("empty label") == true)
        #expect(byLine[6]?["name"] as? String == "www.other.test.")
    }

    @Test func bulkTextModeFromAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID()).txt")
        try "www.example.test\nmissing.example.test\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await TestWorld.runCLI(["resolve", "--from", file.path, "--no-recursive", "--root-hints", CLI.rootHints])
        #expect(result.status == 1)
        #expect(result.stdout.contains("ok      www.example.test. 192.0.2.10 2001:db8::10"))
        #expect(result.stdout.contains("problem missing.example.test."))
        #expect(result.stdout.contains("[nxdomain]"))
    }

    @Test func missingNamesFileIsBadInput() async throws {
        let result = try await TestWorld.runCLI(["resolve", "--from", "/nonexistent/names.txt", "--no-recursive"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read /nonexistent/names.txt"))
    }
}
