import Foundation
import Testing
import DVTestSupport

/// `resolve --from --shard I/N` and `--resume`, end to end against the DNS world: 16 shards of 100,000 names lose
/// nothing, duplicate nothing and equal the unsharded run, also when one shard is killed mid-way and its command
/// run again. (Benchmarks/resolve/shards does the same through GNU parallel, ssh and Slurm.)
@Suite("dvtool resolve --shard/--resume (CLI)", .serialized)
struct BulkShardCLITests {
    static let shards = 16
    let bulk = ["resolve", "--type", "A", "--json", "--no-recursive", "--root-hints", CLI.rootHints]

    @Test func sixteenShardsEqualTheUnshardedRunAfterAKilledShardIsRerun() async throws {
        let world = try await TestWorld.environment()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = Self.names(100_000)
        let names = directory.appendingPathComponent("names.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: names, atomically: true, encoding: .utf8)
        let expectedLines = Set(lines.indices.filter { !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }.map { $0 + 1 })

        let whole = try CLI.run(bulk + ["--from", names.path], timeout: 300, environment: world)
        #expect(whole.status == 2, "bad lines make the run exit 2: \(whole.stderr)")
        let baseline = try Self.results(whole.stdout)
        #expect(baseline.values.filter { $0["status"] as? String == "ok" }.count > 1_000, "the world answers: \(whole.stderr)")
        #expect(!baseline.values.contains { $0["status"] as? String == "error" }, "nothing could-not-check: \(whole.stderr)")
        #expect(Set(baseline.keys) == expectedLines)

        let shardFile: @Sendable (Int) -> URL = { index in directory.appendingPathComponent("shard-\(index).jsonl") }
        let command: @Sendable (Int) -> [String] = { [bulk] index in bulk + ["--from", names.path, "--shard", "\(index)/\(Self.shards)", "--resume", shardFile(index).path] }
        // Shard 7 is killed mid-way (one name at a time keeps it running long enough), then its command runs again.
        // Killed once some lines are written, however fast this machine is, then its file is cut inside a line
        // as a kill during a write leaves it.
        let stillRunning = try Self.killOnceWritten(command(7) + ["--concurrency", "1"], file: shardFile(7), environment: world)
        #expect(stillRunning, "the shard was still running when killed")
        var partial = try Data(contentsOf: shardFile(7))
        // 20 bytes into the last complete line (every JSON line is longer), as a kill in mid-write leaves it.
        let newlines = partial.indices.filter { partial[$0] == 0x0A }
        if newlines.count >= 2 { partial = partial.prefix(newlines[newlines.count - 2] + 21) }
        try partial.write(to: shardFile(7))
        #expect(partial.contains(0x0A) && partial.last != 0x0A, "killed inside a line after some complete ones (\(partial.count) bytes)")

        let statuses = Self.runTwoAtATime(Self.shards) { index in try CLI.run(command(index), timeout: 300, environment: world) }
        for (index, result) in statuses.enumerated() {
            #expect(result?.status == 2 || result?.status == 1, "shard \(index): \(result?.stderr ?? "did not run")")
            #expect(result?.stderr.contains("resolve shard \(index)/\(Self.shards): ") == true, "\(result?.stderr ?? "")")
        }
        #expect(statuses[7]?.stderr.contains("of them from the earlier run") == true, "\(statuses[7]?.stderr ?? "")")

        var merged: [Int: [String: Any]] = [:]
        var duplicated: [Int] = []
        for index in 0..<Self.shards {
            for (line, object) in try Self.results(String(decoding: try Data(contentsOf: shardFile(index)), as: UTF8.self), duplicates: &duplicated) {
                merged[line] = object
            }
        }
        #expect(duplicated.isEmpty, "answered twice: \(duplicated.prefix(10))")
        #expect(expectedLines.subtracting(merged.keys).isEmpty, "lost: \(expectedLines.subtracting(merged.keys).sorted().prefix(10))")
        #expect(Set(merged.keys).subtracting(expectedLines).isEmpty, "extra lines")
        let differing = baseline.keys.sorted().filter { Self.stable(baseline[$0]!) != merged[$0].map(Self.stable) }
        #expect(differing.isEmpty, "\(differing.count) lines differ, first \(differing.first.map { "\(Self.stable(baseline[$0]!)) vs \(merged[$0].map(Self.stable) ?? "missing")" } ?? "")")
    }

    @Test(arguments: [
        (["--shard", "16/16"], "shard 16 of 16 does not exist: shards count from 0 to 15"),
        (["--shard", "3"], "\"3\" is not I/N"),
        (["--resume", "/tmp/never-written.jsonl"], "--resume reads and writes JSON lines: add --json"),
    ])
    func badBulkOptionIsOneClearLine(_ options: [String], _ mentioned: String) async throws {
        let result = try await TestWorld.runCLI(["resolve", "--from", "-", "--no-recursive", "--root-hints", CLI.rootHints] + options, input: "www.example.test\n")
        result.expectBadInput(mentioning: mentioned)
    }

    @Test func resumeRefusesAFileItDidNotWrite() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("foreign-\(UUID()).jsonl")
        try "ok www.example.test.\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await TestWorld.runCLI(bulk + ["--from", "-", "--resume", file.path], input: "www.example.test\n")
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 1 of \(file.path) is not a result of `--from … --json`"), "\(result.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "ok www.example.test.\n", "the file is left as it was")
    }

    /// `count` lines of the world's zones: names that exist (wildcard), that do not, IDNs, case and trailing-dot
    /// spellings, exact repeats, blank, comment and bad lines.
    /// Runs dvtool until `file` holds a few complete lines, then SIGKILLs it; false when it ended by itself first.
    static func killOnceWritten(_ arguments: [String], file: URL, environment: [String: String]) throws -> Bool {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline {
            if let data = try? Data(contentsOf: file), data.filter({ $0 == 0x0A }).count >= 20 { break }
            usleep(2_000)
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return wasRunning
    }

    static func names(_ count: Int) -> [String] {
        var random = SeededGenerator(seed: 31)
        var lines: [String] = []
        for k in 0..<count {
            let pick = random.next() % 100
            let early = k < 1_000
            switch pick {
            case 0..<55: lines.append("h\(k).example.test")
            case 55..<70: lines.append("n\(k).wild.example.test")
            case 70..<80: lines.append("例子\(k).例子.测试")
            case 80..<85: lines.append("x\(k).other.test")
            case 85..<90: lines.append(early ? "www.example.test" : "H\(k).Example.TEST.")
            case 90..<95: lines.append(lines.isEmpty ? "www.other.test" : lines[Int(random.next() % UInt64(lines.count))])
            case 95..<97: lines.append(pick == 95 ? "" : "# comment \(k)")
            default: lines.append("bad..name\(k)")
            }
        }
        return lines
    }

    /// What must not change between two runs against the same zones: round-trip times, the transport and serials
    /// (another test may edit a zone meanwhile) are left out. Zone and server names are compared in lower case: they
    /// are spelled as in the answer to the name whose walk found the zone (`H1.Example.TEST.` gives `ns1.Example.TEST.`),
    /// which differs between runs that check other names first.
    static func stable(_ object: [String: Any]) -> String {
        let rows = (object["authoritative"] as? [[String: Any]] ?? []).map { row in
            ["server", "address", "type", "rcode", "addresses", "verdict"].map { "\(row[$0] ?? "-")" }.joined(separator: " ").lowercased()
        }
        let codes = (object["problems"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }.filter { $0 != "serials-differ" }
        return ["line", "name", "input", "error", "status"].map { "\(object[$0] ?? "-")" }.joined(separator: " ")
            + " " + "\(object["zone"] ?? "-")".lowercased()
            + " | " + rows.joined(separator: "; ") + " | " + codes.joined(separator: ",")
    }

    static func results(_ text: String) throws -> [Int: [String: Any]] {
        var duplicated: [Int] = []
        let results = try results(text, duplicates: &duplicated)
        #expect(duplicated.isEmpty)
        return results
    }

    static func results(_ text: String, duplicates: inout [Int]) throws -> [Int: [String: Any]] {
        var results: [Int: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let number = try #require(object["line"] as? Int)
            if results.updateValue(object, forKey: number) != nil { duplicates.append(number) }
        }
        return results
    }

    /// Two runs at a time, as `parallel -j2` would on this two-core machine.
    static func runTwoAtATime(_ count: Int, _ body: @Sendable (Int) throws -> CLI.Result) -> [CLI.Result?] {
        let results = LockedResults(count: count)
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            for index in stride(from: lane, to: count, by: 2) { results.set(index, try? body(index)) }
        }
        return results.values
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [CLI.Result?]
    init(count: Int) { stored = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: CLI.Result?) { lock.withLock { stored[index] = result } }
    var values: [CLI.Result?] { lock.withLock { stored } }
}
