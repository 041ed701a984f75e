import DVBasics
import DVReport
import DVResolve
import Glibc

/// Counts a bulk run's names by status, shows live progress on a terminal's stderr, and ends with one
/// summary line; the counts come from the same report statuses that set the exit code.
public struct BulkTally {
    public private(set) var ok = 0
    public private(set) var problem = 0
    public private(set) var couldNotCheck = 0
    public private(set) var rateLimited = 0
    public private(set) var badLines = 0
    /// Names in the input when it could be counted beforehand (a file, not stdin).
    let total: Int?
    /// Names answered by the run that `--resume` continues (counted above too).
    private var resumed = 0
    private let command: String
    private let shard: BulkShard
    private let live: Bool
    private let started = ContinuousClock.now
    private var lastShown = ContinuousClock.now

    /// `COMMAND --from PATH`: every name of the file (`-`: stdin) through `batch`, each result handed to `print` as
    /// one line (JSON with `json`) as it completes, progress and the closing line on stderr. With `resume`, the
    /// results go to its file instead and its earlier lines count in the tally. With `collect`, the JSON lines go
    /// there instead (a page, `--format html`).
    public static func run<Report: BulkRow>(_ batch: BulkBatch<Report>, namesIn path: String, json: Bool, resume: BulkResume? = nil,
                                            collect: ((BulkBatch<Report>.Outcome, String) -> Void)? = nil,
                                            print: (String) -> Void, flush: () -> Void = {}) async throws(UserFailure) -> BulkTally {
        let reader: LineReader
        do throws(LineReader.OpenError) { reader = try LineReader(path: path) } catch { throw UserFailure(.badInput, error.description) }
        // A shard checks only some of the names: a count of the whole file would be a wrong ETA.
        let countable = StandardStream.error.isTerminal && path != "-" && batch.shard == .whole
        var tally = BulkTally(total: countable ? LineReader.countNames(path: path) : nil, command: Report.bulkCommand, shard: batch.shard)
        if let earlier = resume?.earlier { tally.add(earlier) }
        defer { resume?.flush() }
        try await batch.run(reader, handle: { outcome in
            tally.count(outcome)
            let line = Report.batchLine(outcome, json: json || collect != nil)
            if let collect { collect(outcome, line) } else if let resume { resume.append(line) } else { print(line) }
        }, flush: {
            flush()
            resume?.flush()
        })
        resume?.flush()
        if let resume, let refusal = resume.writeRefusal {
            throw UserFailure(.badInput, "cannot write \(resume.path): \(errnoText(refusal)); the lines answered before stay in it, run again to finish")
        }
        if let code = reader.readError {
            let source = path == "-" ? "stdin" : path
            throw UserFailure(.badInput, code == EBADF && path == "-" ? "stdin is closed: pipe the names in, or give --from FILE"
                                                                        : "cannot read \(source): \(errnoText(code)) (after \(tally.done) names)")
        }
        tally.finish()
        return tally
    }

    init(total: Int?, command: String = "resolve", shard: BulkShard = .whole) {
        self.total = total
        self.command = command
        self.shard = shard
        self.live = StandardStream.error.isTerminal
    }

    private mutating func add(_ earlier: BulkResume.Earlier) {
        ok += earlier.ok
        problem += earlier.problem
        couldNotCheck += earlier.couldNotCheck
        badLines += earlier.badLines
        resumed = earlier.count
    }

    public var done: Int { ok + problem + couldNotCheck + badLines }

    /// The names checked as one status, by the rule every command follows: a problem found ⇒ problem; else a name
    /// that could not be checked ⇒ error (bad lines aside).
    public var worstStatus: CheckStatus { .judge(failingRows: problem, uncheckedRows: couldNotCheck) }

    public mutating func count<Report: BulkRow>(_ outcome: BulkBatch<Report>.Outcome) {
        switch outcome {
        case let .report(_, report):
            switch report.status {
            case .ok: ok += 1
            case .problem: problem += 1
            case .error: couldNotCheck += 1
            }
            if report.wasRateLimited { rateLimited += 1 }
        case .badName:
            badLines += 1
        }
        showProgress()
    }

    /// At most five times a second, and only when stderr is a terminal.
    private mutating func showProgress() {
        guard live, ContinuousClock.now - lastShown >= .milliseconds(200) else { return }
        lastShown = ContinuousClock.now
        let rate = Double(done) / max(0.001, (ContinuousClock.now - started).inSeconds)
        var line = "\(label): \(done)" + (total.map { "/\($0)" } ?? "") + " names, \(Int(rate))/s, \(rateLimited) rate-limited"
        if let total, rate > 0 { line += ", ETA \(Int((Double(total - done) / rate).rounded(.up)))s" }
        StandardStream.error.writeUnbuffered("\r\u{1B}[K" + line)
    }

    /// The closing line, on stderr so that stdout keeps one line (or JSON object) per name.
    public func finish() {
        if live { StandardStream.error.writeUnbuffered("\r\u{1B}[K") }
        let elapsed = (ContinuousClock.now - started).inSeconds
        StandardStream.error.writeUnbuffered("\(label): \(done) names in \(Self.oneDecimal(elapsed)) s: \(ok) ok, \(problem) problem, "
            + "\(couldNotCheck) could not check (\(rateLimited) rate-limited)" + (badLines > 0 ? ", \(badLines) bad line\(badLines == 1 ? "" : "s")" : "")
            + (resumed > 0 ? "; \(resumed) of them from the earlier run" : "") + "\n")
    }

    /// `txt`, or `txt shard 3/16`: the closing lines of a sharded run's logs say which shard they are.
    private var label: String {
        shard == .whole ? command : "\(command) shard \(shard)"
    }

    private static func oneDecimal(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
