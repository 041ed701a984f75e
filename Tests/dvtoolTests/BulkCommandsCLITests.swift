import Foundation
import Testing
import DVTestSupport

/// `txt --from` and `doctor --from` against the DNS world, on the same bulk machinery as `resolve --from`: every
/// JSON line carries its input line number, three shards concatenate and sort back to the unsharded run, `--resume`
/// skips what a partial output already answers, and bad input is one line and exit 2. Doctor's names have no
/// address, or only a loopback one whose closed ports refuse at once, so no port probe waits for its timeout.
@Suite("dvtool txt/doctor --from (CLI)", .serialized)
struct BulkCommandsCLITests {
    struct Command: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        /// The key naming the checked name in a result line.
        let nameKey: String
        /// Input lines: good and failing names, a comment, a blank and a bad line.
        let lines: [String]
        var testDescription: String { arguments[0] }
    }

    static let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53", "--json"]
    static let commands = [
        Command(arguments: ["txt", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"] + world, nameKey: "name", lines: [
            "_acme-challenge.example.test", "# comment", "_acme-challenge.lag.example.test", "not a name!", "",
            "_acme-challenge.wild.example.test", "missing.example.test", "_acme-challenge.two.example.test", "_acme-challenge.cname.example.test",
        ]),
        Command(arguments: ["doctor"] + world, nameKey: "domain", lines: [
            "nodata.example.test", "# comment", "missing.example.test", "not a name!", "", "ns1.example.test",
            "loop1.example.test", "wild.example.test", "loop2.example.test",
        ]),
    ]

    /// The numbers of the lines that are neither blank nor comments.
    static func checkedLines(_ command: Command) -> Set<Int> {
        Set(command.lines.indices.filter { !command.lines[$0].isEmpty && !command.lines[$0].hasPrefix("#") }.map { $0 + 1 })
    }

    /// A new directory holding `names.txt` with the command's lines.
    static func scratch(_ command: Command) throws -> (directory: URL, names: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let names = directory.appendingPathComponent("names.txt")
        try (command.lines.joined(separator: "\n") + "\n").write(to: names, atomically: true, encoding: .utf8)
        return (directory, names)
    }

    /// What identifies a result across runs: its line, the name (or bad input) and the status.
    static func identity(_ object: [String: Any], _ command: Command) -> String {
        [command.nameKey, "input", "status"].map { "\(object[$0] ?? "-")" }.joined(separator: " ")
    }

    @Test(arguments: commands)
    func linesCarryTheirNumbersAndThreeShardsSortBackToTheWholeRun(_ command: Command) async throws {
        let (directory, names) = try Self.scratch(command)
        defer { try? FileManager.default.removeItem(at: directory) }

        let whole = try await TestWorld.runCLI(command.arguments + ["--from", names.path], timeout: 60)
        #expect(whole.status == 2, "the bad line makes the run exit 2: \(whole.stderr)")
        let baseline = try BulkShardCLITests.results(whole.stdout)
        #expect(Set(baseline.keys) == Self.checkedLines(command))
        for (line, object) in baseline {
            let input = command.lines[line - 1]
            if input == "not a name!" {
                #expect(object["input"] as? String == input && object["error"] != nil, "line \(line): \(object)")
            } else {
                #expect(object[command.nameKey] as? String == input + ".", "line \(line) names its input: \(object)")
            }
        }
        #expect(baseline.values.contains { $0["status"] as? String == "problem" }, "failing names fail: \(whole.stdout)")
        if command.arguments[0] == "txt" {
            #expect(baseline[1]?["status"] as? String == "ok", "the value is on every server: \(baseline[1] ?? [:])")
        }

        var merged: [Int: [String: Any]] = [:]
        var duplicated: [Int] = []
        for index in 0..<3 {
            let shard = try await TestWorld.runCLI(command.arguments + ["--from", names.path, "--shard", "\(index)/3"], timeout: 60)
            #expect([0, 1, 2].contains(shard.status), "shard \(index): \(shard.stderr)")
            #expect(shard.stderr.contains("\(command.arguments[0]) shard \(index)/3: "), "the closing line names the shard: \(shard.stderr)")
            for (line, object) in try BulkShardCLITests.results(shard.stdout) where merged.updateValue(object, forKey: line) != nil {
                duplicated.append(line)
            }
        }
        #expect(duplicated.isEmpty, "a line in two shards: \(duplicated)")
        #expect(Set(merged.keys) == Set(baseline.keys))
        let differing = baseline.keys.filter { Self.identity(baseline[$0]!, command) != merged[$0].map { Self.identity($0, command) } }
        #expect(differing.isEmpty, "lines that differ from the whole run: \(differing.sorted())")
    }

    @Test(arguments: commands)
    func resumeSkipsTheNamesAPartialOutputAnswers(_ command: Command) async throws {
        let (directory, names) = try Self.scratch(command)
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try await TestWorld.runCLI(command.arguments + ["--from", names.path], timeout: 60)
        let wholeLines = whole.stdout.split(separator: "\n")
        #expect(wholeLines.count == Self.checkedLines(command).count, "\(whole.stderr)")
        try #require(wholeLines.count >= 3, "a partial output needs three lines of the whole run: \(whole.stderr)")

        // Two complete lines and a third cut in the middle, as a run killed inside a write leaves the file.
        let output = directory.appendingPathComponent("out.jsonl")
        let partial = wholeLines[0] + "\n" + wholeLines[1] + "\n" + wholeLines[2].prefix(20)
        try partial.write(to: output, atomically: true, encoding: .utf8)
        let answeredBefore = try BulkShardCLITests.results(String(wholeLines[0] + "\n" + wholeLines[1]))

        let resumed = try await TestWorld.runCLI(command.arguments + ["--from", names.path, "--resume", output.path], timeout: 60)
        #expect(resumed.status == whole.status, "the exit code covers the earlier lines too: \(resumed.stderr)")
        #expect(resumed.stdout.isEmpty, "the results go to the file")
        #expect(resumed.stderr.contains("; 2 of them from the earlier run"), "\(resumed.stderr)")
        let text = try String(contentsOf: output, encoding: .utf8)
        let appended = text.split(separator: "\n").dropFirst(2)
        let appendedLines = try BulkShardCLITests.results(appended.joined(separator: "\n"))
        #expect(Set(appendedLines.keys).isDisjoint(with: answeredBefore.keys), "answered names are not checked again")
        #expect(try Set(BulkShardCLITests.results(text).keys) == Self.checkedLines(command), "every line exactly once")
    }

    @Test(arguments: commands.flatMap { command in
        [(command, ["--from", "/nonexistent/names.txt"], "/nonexistent/names.txt"),
         (command, ["example.test", "--shard", "0/3"], "--shard splits a --from run: give --from FILE"),
         (command, ["example.test", "--from", "-"], "give either a NAME or --from FILE")]
    })
    func badInputIsOneLineAndExitTwo(_ command: Command, _ options: [String], _ mentioned: String) async throws {
        let result = try await TestWorld.runCLI(command.arguments + options, input: "")
        result.expectBadInput(mentioning: mentioned)
    }
}
