import Foundation
import Synchronization
import Testing
import DVTestSupport
import DVBasics
import DVResolve

/// `BulkBatch` handing a few names to each check: every name once, with its own line number, in calls of at most
/// `namesPerCheck` names, never more than `concurrency` names at once; comments, blank and answered lines skipped.
@Suite("resolve: bulk batches")
struct BulkBatchTests {
    /// The names checked, the largest call and the most names in flight, as the check saw them.
    final class Seen: Sendable {
        private struct State {
            var names: [String] = []
            var calls = 0
            var largestCall = 0
            var inFlight = 0
            var mostInFlight = 0
        }

        private let state = Mutex(State())

        func begin(_ names: [String]) {
            state.withLock { state in
                state.names += names
                state.calls += 1
                state.largestCall = max(state.largestCall, names.count)
                state.inFlight += names.count
                state.mostInFlight = max(state.mostInFlight, state.inFlight)
            }
        }

        func end(_ count: Int) { state.withLock { $0.inFlight -= count } }
        var names: [String] { state.withLock { $0.names } }
        var calls: Int { state.withLock { $0.calls } }
        var largestCall: Int { state.withLock { $0.largestCall } }
        var inFlight: Int { state.withLock { $0.inFlight } }
        var mostInFlight: Int { state.withLock { $0.mostInFlight } }
    }

    @Test(arguments: [(1, 1), (7, 3), (64, 32), (5, 32), (40, 32)])
    func everyNameOnceInCallsOfAFewNames(concurrency: Int, namesPerCheck: Int) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-batch-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = (1...100).map { $0 % 10 == 0 ? "# comment \($0)" : $0 % 13 == 0 ? "" : "n\($0).example.test" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let answered: Set<Int> = [1, 2, 50]
        let seen = Seen()
        let batch = BulkBatch(concurrency: concurrency, answered: answered, namesPerCheck: namesPerCheck) { domains in
            let names = domains.map(\.ascii)
            seen.begin(names)
            try? await Task.sleep(for: .milliseconds(1))
            seen.end(names.count)
            return names
        }
        var outcomes: [Int: String] = [:]
        try await batch.run(try LineReader(path: path)) { outcome in
            guard case let .report(line, name) = outcome else { Issue.record("\(outcome)"); return }
            #expect(outcomes.updateValue(name, forKey: line) == nil, "line \(line) twice")
        }
        let expected = Dictionary(uniqueKeysWithValues: lines.enumerated().compactMap { index, line in
            line.hasPrefix("n") && !answered.contains(index + 1) ? (index + 1, line) : nil
        })
        #expect(outcomes == expected)
        #expect(seen.names.sorted() == expected.values.sorted())
        let perCall = max(1, min(namesPerCheck, concurrency / 2))
        #expect(seen.largestCall == perCall)
        #expect(seen.calls == (expected.count + perCall - 1) / perCall, "a file fills every call but the last")
        #expect(seen.mostInFlight <= concurrency)
    }

    /// A pipe: a `LineReader` opens `readPath`, `send` writes to the other end until `close`.
    final class TestPipe {
        private let readEnd: Int32
        private var writeEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            readEnd = ends[0]
            writeEnd = ends[1]
        }

        deinit {
            close()
            Glibc.close(readEnd)
        }

        var readPath: String { "/dev/fd/\(readEnd)" }

        /// One write(2): up to 4 KiB (PIPE_BUF), the reader finds all of it or none.
        func send(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) } }

        /// The end of the input, for a reader.
        func close() {
            if writeEnd >= 0 { Glibc.close(writeEnd) }
            writeEnd = -1
        }
    }

    /// Whether `condition` holds within `bound`.
    /// Outcomes as they arrive, to watch a run still going.
    final class Arrived: Sendable {
        private let lines = Mutex<[Int: [String]]>([:])

        func add(_ line: Int, _ name: String) { lines.withLock { $0[line, default: []].append(name) } }
        var all: [Int: [String]] { lines.withLock { $0 } }

        /// Whether `count` outcomes arrived within `bound`.
        func wait(for count: Int, within bound: Duration) async -> Bool {
            await eventually(within: bound) { lines.withLock({ $0.values.map(\.count).reduce(0, +) }) >= count }
        }
    }

    /// A slow pipe (a producer printing names as it finds them): each name is checked as its line arrives and its
    /// outcome handed over while the writer keeps the pipe open, not when 32 names or the end are there; a half-sent
    /// line waits for the rest of it.
    @Test func namesFromASlowPipeAreCheckedAsTheyArrive() async throws {
        let input = try TestPipe()
        let reader = try LineReader(path: input.readPath)
        let arrived = Arrived()
        let flushes = Mutex(0)
        let batch = BulkBatch(concurrency: 64, namesPerCheck: 32) { domains in domains.map(\.ascii) }
        let run = Task {
            try await batch.run(reader, handle: { outcome in
                guard case let .report(line, name) = outcome else { Issue.record("\(outcome)"); return }
                arrived.add(line, name)
            }, flush: { flushes.withLock { $0 += 1 } })
        }
        input.send("one.example.test\n# a comment\ntwo.example.test\n")
        #expect(await arrived.wait(for: 2, within: .seconds(5)), "both names answered while the pipe stays open")
        #expect(await eventually(within: .seconds(5)) { flushes.withLock { $0 } > 0 }, "what was handed over is flushed")
        input.send("three.exa")
        try await Task.sleep(for: .milliseconds(100))
        #expect(arrived.all.count == 2, "half a line is not a name yet")
        input.send("mple.test\nfour.example.test\n\nfive.example.test")
        #expect(await arrived.wait(for: 4, within: .seconds(5)))
        input.close()
        try await run.value
        #expect(arrived.all == [1: ["one.example.test"], 3: ["two.example.test"], 4: ["three.example.test"],
                                5: ["four.example.test"], 7: ["five.example.test"]])
    }

    /// Names arriving one by one, each checked alone, still make up to `concurrency` names in flight (not
    /// `concurrency / namesPerCheck` calls), and no more: the next name waits until a check ends.
    @Test func aSlowPipeStillChecksConcurrencyNamesAtOnce() async throws {
        let input = try TestPipe()
        let reader = try LineReader(path: input.readPath)
        let seen = Seen()
        let released = Mutex(false)
        let batch = BulkBatch(concurrency: 4, namesPerCheck: 2) { domains in
            let names = domains.map(\.ascii)
            seen.begin(names)
            while !released.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
            seen.end(names.count)
            return names
        }
        let answered = Mutex(0)
        let run = Task { try await batch.run(reader) { _ in answered.withLock { $0 += 1 } } }
        defer { released.withLock { $0 = true } }
        for index in 1...4 {
            input.send("n\(index).example.test\n")
            #expect(await eventually(within: .seconds(5)) { seen.inFlight == index }, "name \(index) is being checked")
        }
        input.send("n5.example.test\n")
        try await Task.sleep(for: .milliseconds(100))
        #expect(seen.names.count == 4, "a fifth name waits for room")
        released.withLock { $0 = true }
        input.close()
        try await run.value
        #expect(answered.withLock { $0 } == 5)
        #expect(seen.mostInFlight == 4)
    }

    /// Many lines there at once on a pipe that stays open fill whole calls; only the rest goes alone.
    @Test func aFastPipeFillsEveryCall() async throws {
        let input = try TestPipe()
        let reader = try LineReader(path: input.readPath)
        let seen = Seen()
        let batch = BulkBatch(concurrency: 64, namesPerCheck: 32) { domains in
            seen.begin(domains.map(\.ascii))
            seen.end(domains.count)
            return domains.map(\.ascii)
        }
        let answered = Mutex(0)
        let run = Task { try await batch.run(reader) { _ in answered.withLock { $0 += 1 } } }
        input.send((1...70).map { "n\($0).example.test\n" }.joined())
        #expect(await eventually(within: .seconds(5)) { answered.withLock { $0 } == 70 }, "answered while the pipe stays open")
        #expect(seen.calls == 3)
        #expect(seen.largestCall == 32)
        input.close()
        try await run.value
    }
}
