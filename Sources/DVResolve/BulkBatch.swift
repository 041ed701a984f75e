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
    /// Names handed to one `check` call (fewer at the end of the input); at most half of `concurrency`, so that at
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
    /// A name waits until `namesPerCheck` names (or the end of the input) are there to be checked together.
    /// Throws only when SHA-256 is unavailable for `--shard` (nothing more is checked then).
    public func run(_ reader: LineReader, handle: (Outcome) -> Void) async throws(UserFailure) {
        var failure: CryptoError?
        let checksAtOnce = max(1, concurrency / namesPerCheck)
        await withTaskGroup(of: [Outcome].self) { group in
            var running = 0
            var numbers: [Int] = []
            var names: [DomainInput] = []
            var atEnd = false
            while !atEnd {
                do throws(CryptoError) {
                    if let (number, domain) = try nextName(reader, handle: handle) {
                        numbers.append(number)
                        names.append(domain)
                        guard names.count == namesPerCheck else { continue }
                    } else {
                        atEnd = true
                        guard !names.isEmpty else { break }
                    }
                } catch {
                    failure = error
                    break
                }
                // The last, smaller call waits for room too: never more than `concurrency` names at once.
                if running >= checksAtOnce, let done = await group.next() {
                    running -= 1
                    done.forEach(handle)
                }
                running += 1
                group.addTask { [check, numbers, names] in Self.outcomes(numbers, await check(names)) }
                numbers.removeAll(keepingCapacity: true)
                names.removeAll(keepingCapacity: true)
            }
            for await done in group { done.forEach(handle) }
        }
        if let failure { throw UserFailure(.couldNotRun, "cannot pick the names of shard \(shard): \(failure.description)") }
    }

    /// The next name of this run with its line number, nil at the end of the input; a line that is not a name goes
    /// to `handle` on the way.
    private func nextName(_ reader: LineReader, handle: (Outcome) -> Void) throws(CryptoError) -> (Int, DomainInput)? {
        while let line = reader.next() {
            let input = line.text.trimmingWhitespace()
            if input.isEmpty || input.hasPrefix("#") || answered.contains(line.number) { continue }
            let parsed = Self.parse(line, input)
            let key = switch parsed {
            case let .success(domain): domain.ascii
            case .failure: BulkShard.key(ofUnparsed: input)
            }
            guard try shard.holds(key: key) else { continue }
            switch parsed {
            case let .success(domain): return (line.number, domain)
            case let .failure(refusal): handle(.badName(line: line.number, input: refusal.input, message: refusal.message))
            }
        }
        return nil
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
