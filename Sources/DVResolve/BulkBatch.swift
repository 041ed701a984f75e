import DVBasics
import DVCrypto
import DVDNS

/// `resolve --from`, `txt --from`, `doctor --from`: checks every name of a line-per-name input with bounded
/// concurrency and hands each outcome over as it completes, so a long list streams instead of waiting for its
/// slowest name. The check is the command's; the line numbers, `--shard` and `--resume` rules are the same for all.
public struct BulkBatch<Report: Sendable>: Sendable {
    public enum Outcome: Sendable {
        case report(line: Int, Report)
        /// A line that is not a name (too long, or refused by `DomainInput`); nothing was asked for it.
        case badName(line: Int, input: String, message: String)
    }

    /// One report per name, in the names' order. A bulk run hands over a few names at a time (`namesPerCheck`):
    /// names of one zone then share one round of queries, one task and one wake-up instead of one each.
    public let check: @Sendable ([DomainInput]) async -> [Report]
    /// Names being checked at once, over all the `check` calls in flight.
    public let concurrency: Int
    /// Names handed to one `check` call (fewer when no more are there to be read yet, or at the end); at most half of `concurrency`, so that at
    /// least two calls are in flight and nearly `concurrency` names are being checked at any time.
    public let namesPerCheck: Int
    /// The names of this run (`--shard`); the others are another run's.
    public let shard: BulkShard
    /// Input line numbers answered by an earlier run (`--resume`): skipped, whichever shard they are in.
    public let answered: Set<Int>

    public init(concurrency: Int, shard: BulkShard = .whole, answered: Set<Int> = [], namesPerCheck: Int = 1,
                check: @escaping @Sendable ([DomainInput]) async -> [Report]) {
        self.check = check
        self.concurrency = concurrency
        self.namesPerCheck = max(1, min(namesPerCheck, concurrency / 2))
        self.shard = shard
        self.answered = answered
    }

    /// Skips blank lines and `#` comments; `handle` runs on the calling task, one outcome at a time. Outcomes
    /// carry the input's own line numbers, so the outputs of all shards sort back into the unsharded run's.
    /// A check gets the names that are there to be read, up to `namesPerCheck`: a file or a fast pipe fills every
    /// call, a name from a slow pipe (`tail -f`, a producer printing names as it finds them) is checked as its line
    /// arrives. Finished checks are handed over while the run waits for input. However the names are split into
    /// calls, at most `concurrency` of them are being checked at once.
    /// `flush` runs on the calling task after outcomes went to `handle` and before the run waits for a check or for
    /// input: what `handle` buffered goes out there, so that each line leaves as its check ends however slow the
    /// input is.
    /// Throws only when SHA-256 is unavailable for `--shard` (nothing more is checked then).
    public func run(_ reader: LineReader, handle: (Outcome) -> Void, flush: () -> Void = {}) async throws(UserFailure) {
        var failure: CryptoError?
        await withTaskGroup(of: Event.self) { group in
            // Names in the checks running: never more than `concurrency`.
            var namesInFlight = 0
            // Read, not yet checked: a call's worth at most, so a busy run reads no further.
            var numbers: [Int] = []
            var names: [DomainInput] = []
            var input = Read.notYet
            // A child task waits for the input to become readable (off the cooperative pool); nothing is read meanwhile.
            var waitingForInput = false
            var handed = false
            func tell(_ outcome: Outcome) {
                handed = true
                handle(outcome)
            }
            while true {
                if input != .end, !waitingForInput, names.count < namesPerCheck {
                    do throws(CryptoError) {
                        input = try readReadyNames(reader, numbers: &numbers, names: &names, handle: tell)
                    } catch {
                        failure = error
                        input = .end
                        numbers.removeAll()
                        names.removeAll()
                    }
                    if input == .notYet {
                        waitingForInput = true
                        group.addTask { [readiness = reader.readiness] in
                            await readiness.wait()
                            return .readable
                        }
                    }
                }
                // A full call, or fewer when no more are there to be read; each waits for room.
                if !names.isEmpty, names.count == namesPerCheck || input != .full, namesInFlight + names.count <= concurrency {
                    namesInFlight += names.count
                    group.addTask { [check, numbers, names] in .checked(names: names.count, Self.outcomes(numbers, await check(names))) }
                    numbers.removeAll(keepingCapacity: true)
                    names.removeAll(keepingCapacity: true)
                    continue
                }
                if handed {
                    flush()
                    handed = false
                }
                guard let event = await group.next() else { break }
                switch event {
                case let .checked(count, outcomes):
                    namesInFlight -= count
                    outcomes.forEach(tell)
                case .readable:
                    waitingForInput = false
                }
            }
        }
        if let failure { throw UserFailure(.couldNotRun, "cannot pick the names of shard \(shard): \(failure.description)") }
    }

    private enum Event: Sendable {
        case checked(names: Int, [Outcome])
        case readable
    }

    private enum Read {
        /// `namesPerCheck` names are there.
        case full
        /// Fewer, and the next line is not there yet.
        case notYet
        /// The input has no more lines.
        case end
    }

    /// Appends the names of this run that can be read without waiting, up to `namesPerCheck` in all; a line that is
    /// not a name goes to `handle` on the way.
    private func readReadyNames(_ reader: LineReader, numbers: inout [Int], names: inout [DomainInput],
                                handle: (Outcome) -> Void) throws(CryptoError) -> Read {
        while names.count < namesPerCheck {
            let line: LineReader.Line
            switch reader.next(ifReady: true) {
            case let .line(next): line = next
            case .notYet: return .notYet
            case .end: return .end
            }
            let input = line.text.trimmingWhitespace()
            if input.isEmpty || input.hasPrefix("#") || answered.contains(line.number) { continue }
            let parsed = Self.parse(line, input)
            let key = switch parsed {
            case let .success(domain): domain.ascii
            case .failure: BulkShard.key(ofUnparsed: input)
            }
            guard try shard.holds(key: key) else { continue }
            switch parsed {
            case let .success(domain):
                numbers.append(line.number)
                names.append(domain)
            case let .failure(refusal):
                handle(.badName(line: line.number, input: refusal.input, message: refusal.message))
            }
        }
        return .full
    }

    private static func outcomes(_ numbers: [Int], _ reports: [Report]) -> [Outcome] {
        zip(numbers, reports).map { number, report in .report(line: number, report) }
    }

    private struct Refusal: Error {
        let input: String
        let message: String
    }

    private static func parse(_ line: LineReader.Line, _ input: String) -> Result<DomainInput, Refusal> {
        guard !line.tooLong else {
            return .failure(Refusal(input: String(input.prefix(64)), message: "line is longer than \(LineReader.maximumLineLength) bytes"))
        }
        do throws(DomainInput.InvalidName) {
            return .success(try DomainInput(parsing: input, allowWildcard: true))
        } catch {
            return .failure(Refusal(input: input, message: error.description))
        }
    }
}
