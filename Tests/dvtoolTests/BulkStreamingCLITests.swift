import Foundation
import Testing
import DVTestSupport

/// `resolve --from -` fed by a producer that prints names as it finds them (subfinder, `tail -f`): each name's JSON
/// line comes out while stdin stays open, before the next name is written, not when 32 names or the end are there;
/// lines keep their input line numbers, and a `--resume` file fills the same way. Every wait is bounded: a run that
/// holds its lines fails in seconds.
@Suite("dvtool resolve --from - streaming (CLI)", .serialized)
struct BulkStreamingCLITests {
    /// A dvtool process whose stdin stays open and whose stdout is read line by line as it comes.
    final class StreamingRun: @unchecked Sendable {
        private let process = Process()
        private let input = Pipe()
        private let lock = NSLock()
        private var received = Data()
        private var errorText = Data()
        private let readers = DispatchGroup()

        init(_ arguments: [String]) async throws {
            process.executableURL = CLI.binary
            process.arguments = arguments
            let world = try await TestWorld.environment()
            process.environment = ProcessInfo.processInfo.environment.merging(world.merging(["NO_COLOR": "1"]) { $1 }) { $1 }
            process.standardInput = input
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            for (pipe, isError) in [(output, false), (errors, true)] {
                readers.enter()
                DispatchQueue.global().async { [self] in
                    // availableData waits for more and is empty at the end (the process exited).
                    while case let data = pipe.fileHandleForReading.availableData, !data.isEmpty { append(data, error: isError) }
                    readers.leave()
                }
            }
        }

        deinit { stop() }

        private func append(_ data: Data, error: Bool) {
            lock.lock(); defer { lock.unlock() }
            if error { errorText.append(data) } else { received.append(data) }
        }

        /// The whole lines printed so far.
        var lines: [String] {
            lock.lock(); defer { lock.unlock() }
            return String(decoding: received, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }

        var stderr: String {
            lock.lock(); defer { lock.unlock() }
            return String(decoding: errorText, as: UTF8.self)
        }

        func send(_ line: String) throws { try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8)) }

        /// Closes stdin and waits for the exit status (-1 after `bound`: the process is killed).
        func finish(within bound: Duration) async throws -> Int32 {
            try input.fileHandleForWriting.close()
            let deadline = ContinuousClock.now + bound
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            guard !process.isRunning else {
                stop()
                return -1
            }
            process.waitUntilExit()
            _ = readers.wait(timeout: .now() + 5)
            return process.terminationStatus
        }

        /// Kills a run a failed expectation left behind.
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }

    static let world = ["--no-recursive", "--root-hints", CLI.rootHints, "--json"]
    /// What a producer prints, a line at a time: names, a comment and a blank line, which get no result.
    static let lines = ["www.example.test", "# found so far: 1", "", "www.other.test", "differ.example.test"]
    /// How long a name may take to come out: a check of the world takes milliseconds.
    static let bound = Duration.seconds(4)

    /// Whether `condition` holds within the bound a name may take.
    static func eventually(_ condition: () -> Bool) async -> Bool { await DVTestSupport.eventually(within: bound, condition) }

    static func rows(_ lines: [String]) throws -> [[String: Any]] {
        try lines.map { line in try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)") }
    }

    @Test func eachNameIsAnsweredBeforeTheNextIsWritten() async throws {
        try await TestWorld.prepare()
        let run = try await StreamingRun(["resolve", "--from", "-"] + Self.world)
        defer { run.stop() }
        var names = 0
        for line in Self.lines {
            try await Task.sleep(for: .milliseconds(200))
            try run.send(line)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            names += 1
            let answered = await Self.eventually { run.lines.count >= names }
            try #require(answered, "no JSON line for \(line) while stdin is open: \(run.lines); stderr: \(run.stderr)")
        }
        #expect(run.lines.count == 3, "a comment and a blank line get no result")
        let status = try await run.finish(within: Self.bound)
        #expect(status == 1, "differ.example.test is a problem; stderr: \(run.stderr)")
        let rows = try Self.rows(run.lines)
        #expect(rows.map { $0["line"] as? Int } == [1, 4, 5], "each name once, with its input line number")
        #expect(rows.map { $0["name"] as? String } == ["www.example.test.", "www.other.test.", "differ.example.test."])
        #expect(rows.map { $0["status"] as? String } == ["ok", "ok", "problem"])
        #expect(run.stderr.contains("resolve: 3 names in "), "the closing line at the end of the input: \(run.stderr)")
    }

    /// `tail -f names | dvtool resolve --from - | head -1`: once the reader of stdout is gone, the run ends (141, as a
    /// process that SIGPIPE killed, silently) at its next line, though stdin is still open, instead of checking names
    /// nobody reads until the producer stops.
    @Test func aRunWhoseReaderIsGoneEnds() async throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["resolve", "--from", "-"] + Self.world
        process.environment = ProcessInfo.processInfo.environment.merging(try await TestWorld.environment()) { $1 }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        try input.fileHandleForWriting.write(contentsOf: Data("www.example.test\n".utf8))
        let first = output.fileHandleForReading.availableData      // what `head -1` reads, then it exits
        #expect(String(decoding: first, as: UTF8.self).contains("\"www.example.test.\""))
        try output.fileHandleForReading.close()
        try input.fileHandleForWriting.write(contentsOf: Data("www.other.test\n".utf8))
        let ended = await Self.eventually { !process.isRunning }
        #expect(ended, "dvtool kept reading stdin with nobody reading its output")
        if ended {
            #expect(process.terminationStatus == 141)
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!said.contains("error"), "a gone reader is no error to report: \(said)")
        }
    }

    /// Output that cannot be written for another reason than a gone reader (a full disk: /dev/full) is one line on
    /// stderr and exit 2, not a run that carries on writing nowhere.
    @Test func outputThatCannotBeWrittenIsOneLine() async throws {
        let result = try CLI.run(["-c", #"exec "$0" "$@" >/dev/full"#, CLI.binary.path, "resolve", "--from", "-"] + Self.world, bytes: Data("www.example.test\n".utf8),
                                 timeout: 20, environment: try await TestWorld.environment(), executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr == "dvtool: error: cannot write the output: No space left on device\n", "\(result.stderr)")
    }

    /// A `--resume` file that stops taking lines (its disk is full: an 8 KiB tmpfs in a mount namespace of the run's
    /// own) ends the run with one line and exit 2, not a run that looks complete while its results are lost.
    @Test func aResumeFileThatCannotGrowIsOneLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("full-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = directory.appendingPathComponent("names.txt")
        try String(repeating: "www.example.test\n", count: 40).write(to: names, atomically: true, encoding: .utf8)
        let disk = directory.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let script = #"mount -t tmpfs -o size=8k tmpfs "$1" && shift && exec "$@""#
        let result = try CLI.run(["--mount", "--map-root-user", "sh", "-c", script, "sh", disk.path, CLI.binary.path, "resolve", "--from", names.path]
                                 + Self.world + ["--resume", disk.appendingPathComponent("r.jsonl").path], bytes: nil, timeout: 60,
                                 environment: try await TestWorld.environment(), executable: URL(fileURLWithPath: "/usr/bin/unshare"))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("dvtool: error: cannot write \(disk.path)/r.jsonl: No space left on device"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    /// `txt --from -` and `doctor --from -` run on the same engine: a name's line is out while stdin stays open.
    @Test(arguments: [
        (["txt", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ", "--resolver", "127.53.53.53"], "_acme-challenge.example.test", "name"),
        (["doctor", "--resolver", "127.53.53.53"], "nodata.example.test", "domain"),
    ])
    func txtAndDoctorStreamToo(command: [String], name: String, nameKey: String) async throws {
        try await TestWorld.prepare()
        let run = try await StreamingRun(command + ["--from", "-", "--root-hints", CLI.rootHints, "--json"])
        defer { run.stop() }
        try run.send(name)
        let answered = await Self.eventually { run.lines.count == 1 }
        try #require(answered, "no line for \(name) while stdin is open; stderr: \(run.stderr)")
        _ = try await run.finish(within: Self.bound)
        let rows = try Self.rows(run.lines)
        #expect(rows.map { $0[nameKey] as? String } == [name + "."])
        #expect(rows.map { $0["line"] as? Int } == [1])
    }

    /// `--resume` over a slow pipe: a line an earlier run answered is skipped, each new result is in the file while
    /// stdin is still open (a Ctrl-C keeps it), and the closing line counts the earlier one.
    @Test func aResumeFileFillsAsNamesArrive() async throws {
        try await TestWorld.prepare()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stream-resume-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let earlier = #"{"line":1,"name":"www.example.test.","status":"ok"}"#
        try (earlier + "\n").write(to: file, atomically: true, encoding: .utf8)
        func written() -> [String] {
            ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let run = try await StreamingRun(["resolve", "--from", "-", "--resume", file.path] + Self.world)
        defer { run.stop() }
        try run.send(Self.lines[0])
        try run.send(Self.lines[3])
        let appended = await Self.eventually { written().count == 2 }
        try #require(appended, "no result in the --resume file while stdin is open: \(written()); stderr: \(run.stderr)")
        try run.send(Self.lines[4])
        #expect(await Self.eventually { written().count == 3 }, "\(written())")
        let status = try await run.finish(within: Self.bound)
        #expect(status == 1, "stderr: \(run.stderr)")
        #expect(run.lines.isEmpty, "the results go to the file: \(run.lines)")
        let rows = try Self.rows(written())
        #expect(rows.map { $0["line"] as? Int } == [1, 2, 3], "line 1 answered once, by the earlier run")
        #expect(rows.dropFirst().map { $0["name"] as? String } == ["www.other.test.", "differ.example.test."])
        #expect(run.stderr.contains("resolve: 3 names in ") && run.stderr.contains("1 of them from the earlier run"), "\(run.stderr)")
    }

    /// Started with stdin closed (`<&-`), descriptor 0 is the process's own event loop: `--from -` must not wait
    /// on it (it would wake only with that loop's events) nor take it for an empty list that is all ok, but say at
    /// once that there is no input (exit 2). A directory given as the list is refused the same way.
    @Test func aClosedStdinIsBadInput() async throws {
        let started = ContinuousClock.now
        let result = try CLI.run(["-c", #"exec "$0" "$@" <&-"#, CLI.binary.path, "resolve", "--from", "-"] + Self.world, bytes: nil,
                                 timeout: 20, environment: try await TestWorld.environment(), executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "dvtool: error: stdin is closed: pipe the names in, or give --from FILE\n", "\(result.stderr)")
        let directory = try await TestWorld.runCLI(["resolve", "--from", FileManager.default.temporaryDirectory.path] + Self.world)
        #expect(directory.status == 2)
        #expect(directory.stderr.contains("cannot read \(FileManager.default.temporaryDirectory.path): Is a directory"), "\(directory.stderr)")
        #expect(ContinuousClock.now - started < .seconds(3), "ends at once, not when the event loop wakes")
    }
}
