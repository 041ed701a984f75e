import Foundation
import Testing
import DVTestSupport

/// `resolve --from -` fed by a producer that prints names as it finds them (subfinder, `tail -f`): each name's JSON
/// line comes out while stdin stays open, before the next name is sent, not when 32 names or the end are there.
@Suite("dvtool resolve --from - streaming (CLI)", .serialized)
struct BulkStreamingCLITests {
    /// A dvtool process whose stdin stays open and whose stdout is read line by line as it comes.
    final class StreamingRun: @unchecked Sendable {
        private let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private let errors = Pipe()
        private let lock = NSLock()
        private var received = Data()
        private var errorText = Data()

        init(_ arguments: [String], environment: [String: String]) throws {
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["NO_COLOR": "1"]) { $1 }) { $1 }
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, error: false) }
            errors.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, error: true) }
            try process.run()
        }

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

        func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

        /// Whether `count` lines are out within `bound`.
        func wait(forLines count: Int, within bound: Duration) async -> Bool {
            let deadline = ContinuousClock.now + bound
            while ContinuousClock.now < deadline {
                if lines.count >= count { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        /// Closes stdin and waits for the exit status (-1 after `bound`, the process killed).
        func finish(within bound: Duration) async throws -> Int32 {
            try input.fileHandleForWriting.close()
            let deadline = ContinuousClock.now + bound
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
                return -1
            }
            process.waitUntilExit()
            // What the pipes still hold after the exit.
            output.fileHandleForReading.readabilityHandler = nil
            errors.fileHandleForReading.readabilityHandler = nil
            append(output.fileHandleForReading.readDataToEndOfFile(), error: false)
            append(errors.fileHandleForReading.readDataToEndOfFile(), error: true)
            return process.terminationStatus
        }
    }

    @Test func eachNameIsAnsweredBeforeTheNextIsSent() async throws {
        try await TestWorld.prepare()
        let run = try StreamingRun(["resolve", "--from", "-", "--json", "--no-recursive", "--root-hints", CLI.rootHints],
                                   environment: try await TestWorld.environment())
        let names = ["www.example.test", "www.other.test", "differ.example.test"]
        for (index, name) in names.enumerated() {
            run.send(name + "\n")
            let answered = await run.wait(forLines: index + 1, within: .seconds(10))
            try #require(answered, "no JSON line for \(name) while stdin is open; stderr: \(run.stderr)")
        }
        let status = try await run.finish(within: .seconds(10))
        #expect(status == 1, "differ.example.test is a problem; stderr: \(run.stderr)")
        let rows = run.lines.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.map { $0["line"] as? Int } == [1, 2, 3], "one line per name, each once, in the order sent")
        #expect(rows.map { $0["name"] as? String } == names.map { $0 + "." })
        #expect(rows.map { $0["status"] as? String } == ["ok", "ok", "problem"])
    }
}
