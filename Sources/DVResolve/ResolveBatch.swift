import DVBasics
import DVDNS

/// `resolve --from`: checks every name of a line-per-name input with bounded concurrency and hands each
/// outcome over as it completes, so a long list streams instead of waiting for its slowest name.
public struct ResolveBatch: Sendable {
    public enum Outcome: Sendable {
        case report(line: Int, ResolveReport)
        /// A line that is not a name (too long, or refused by `DomainInput`); nothing was asked for it.
        case badName(line: Int, input: String, message: String)
    }

    public let checker: ResolveChecker
    public let expected: [IPAddress]
    public let concurrency: Int

    public init(checker: ResolveChecker, expected: [IPAddress], concurrency: Int) {
        self.checker = checker
        self.expected = expected
        self.concurrency = concurrency
    }

    /// Skips blank lines and `#` comments; `handle` runs on the calling task, one outcome at a time.
    public func run(_ reader: LineReader, handle: (Outcome) -> Void) async {
        await withTaskGroup(of: Outcome.self) { group in
            var running = 0
            while let line = reader.next() {
                let input = line.text.trimmingWhitespace()
                if input.isEmpty || input.hasPrefix("#") { continue }
                if running >= concurrency, let done = await group.next() {
                    running -= 1
                    handle(done)
                }
                guard !line.tooLong else {
                    handle(.badName(line: line.number, input: String(input.prefix(64)),
                                    message: "line is longer than \(LineReader.maximumLineLength) bytes"))
                    continue
                }
                let name: DNSName
                do throws(DomainInput.InvalidName) {
                    name = try DomainInput(parsing: input, allowWildcard: true).name
                } catch {
                    handle(.badName(line: line.number, input: input, message: error.description))
                    continue
                }
                running += 1
                group.addTask { [checker, expected] in
                    .report(line: line.number, await checker.check(name, expected: expected))
                }
            }
            for await done in group { handle(done) }
        }
    }
}
