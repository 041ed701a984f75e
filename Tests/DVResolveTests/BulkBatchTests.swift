import Foundation
import Synchronization
import Testing
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
            var largestCall = 0
            var inFlight = 0
            var mostInFlight = 0
        }

        private let state = Mutex(State())

        func begin(_ names: [String]) {
            state.withLock { state in
                state.names += names
                state.largestCall = max(state.largestCall, names.count)
                state.inFlight += names.count
                state.mostInFlight = max(state.mostInFlight, state.inFlight)
            }
        }

        func end(_ count: Int) { state.withLock { $0.inFlight -= count } }
        var names: [String] { state.withLock { $0.names } }
        var largestCall: Int { state.withLock { $0.largestCall } }
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
        #expect(seen.largestCall == max(1, min(namesPerCheck, concurrency / 2)))
        #expect(seen.mostInFlight <= concurrency)
    }

    /// Outcomes as they arrive, to watch a run still going.
    final class Arrived: Sendable {
        private let lines = Mutex<[Int: [String]]>([:])

        func add(_ line: Int, _ name: String) { lines.withLock { $0[line, default: []].append(name) } }
        var all: [Int: [String]] { lines.withLock { $0 } }

        /// Whether `count` outcomes arrived within `bound`.
        func wait(for count: Int, within bound: Duration) async -> Bool {
            let deadline = ContinuousClock.now + bound
            while ContinuousClock.now < deadline {
                if lines.withLock({ $0.values.map(\.count).reduce(0, +) }) >= count { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return false
        }
    }

    /// A slow pipe (a producer printing names as it finds them): each name is checked as its line arrives and its
    /// outcome handed over while the writer keeps the pipe open, not when 32 names or the end are there; a half-sent
    /// line waits for the rest of it.
    @Test func namesFromASlowPipeAreCheckedAsTheyArrive() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let reader = try LineReader(path: "/dev/fd/\(ends[0])")
        close(ends[0])
        let writeEnd = ends[1]
        defer { if ends[1] >= 0 { close(ends[1]) } }
        func send(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) } }

        let arrived = Arrived()
        let batch = BulkBatch(concurrency: 64, namesPerCheck: 32) { domains in domains.map(\.ascii) }
        let run = Task {
            try await batch.run(reader) { outcome in
                guard case let .report(line, name) = outcome else { Issue.record("\(outcome)"); return }
                arrived.add(line, name)
            }
        }
        send("one.example.test\n# a comment\ntwo.example.test\n")
        #expect(await arrived.wait(for: 2, within: .seconds(5)), "both names answered while the pipe stays open")
        send("three.exa")
        try await Task.sleep(for: .milliseconds(100))
        #expect(arrived.all.count == 2, "half a line is not a name yet")
        send("mple.test\nfour.example.test\n\nfive.example.test")
        #expect(await arrived.wait(for: 4, within: .seconds(5)))
        close(writeEnd)
        ends[1] = -1
        try await run.value
        #expect(arrived.all == [1: ["one.example.test"], 3: ["two.example.test"], 4: ["three.example.test"],
                                5: ["four.example.test"], 7: ["five.example.test"]])
    }
}
