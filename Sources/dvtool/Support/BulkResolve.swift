import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import DVBasics
import DVDNS
import DVResolve

/// `resolve --from`: checks many names with bounded concurrency, one output line per name as it completes.
struct BulkResolve {
    let checker: ResolveChecker
    let expected: [IPAddress]
    let concurrency: Int
    let json: Bool

    private enum Outcome {
        case report(line: Int, ResolveReport)
        case badName(line: Int, input: String, message: String)
    }

    /// The exit status of the whole batch: bad input (2) over could-not-check (3) over problem (1).
    func run(path: String) async throws -> ExitCode {
        let reader: LineReader
        do { reader = try LineReader(path: path) } catch { throw CLIError.badInput(error.description) }
        var tally = BulkTally(total: StandardStream.error.isTerminal && path != "-" ? LineReader.countNames(path: path) : nil)
        defer { tally.finish() }
        var worst = ExitStatus.ok
        func record(_ code: ExitCode) {
            let rank = [ExitStatus.ok.rawValue: 0, ExitStatus.checkFailed.rawValue: 1,
                        ExitStatus.couldNotCheck.rawValue: 2, ExitStatus.badInput.rawValue: 3]
            if rank[code.rawValue, default: 0] > rank[worst.rawValue, default: 0] { worst = code }
        }
        await withTaskGroup(of: Outcome.self) { group in
            var running = 0
            func emit(_ outcome: Outcome) {
                switch outcome {
                case let .report(line, report):
                    record(StatusLine.exitCode(report.status))
                    tally.count(report)
                    Terminal.line(json ? report.jsonLine(line: line) : ResolveRendering.summary(report))
                case let .badName(line, input, message):
                    record(ExitStatus.badInput)
                    tally.countBadLine()
                    if json {
                        Terminal.line(JSONOutput.encode(BadLine(line: line, input: input, error: message)))
                    } else {
                        Terminal.line("line \(line): \(message)")
                    }
                }
            }
            while let line = reader.next() {
                let input = line.text.trimmingWhitespace()
                if input.isEmpty || input.hasPrefix("#") { continue }
                if running >= concurrency, let done = await group.next() {
                    running -= 1
                    emit(done)
                }
                guard !line.tooLong else {
                    emit(.badName(line: line.number, input: String(input.prefix(64)),
                                  message: "line is longer than \(LineReader.maximumLineLength) bytes"))
                    continue
                }
                let name: DNSName
                do {
                    name = try DomainInput(input).name
                } catch let error as CLIError {
                    emit(.badName(line: line.number, input: input, message: error.description))
                    continue
                } catch {
                    continue
                }
                running += 1
                group.addTask { [checker, expected] in
                    .report(line: line.number, await checker.check(name, expected: expected))
                }
            }
            for await done in group { emit(done) }
        }
        return worst
    }

    private struct BadLine: Encodable {
        let line: Int
        let input: String
        let error: String
    }
}
