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
}
