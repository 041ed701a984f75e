import DVBasics
import DVReport
import DVResolve

/// Counts a bulk run's names by status, shows live progress on a terminal's stderr, and ends with one
/// summary line; the counts come from the same report statuses that set the exit code.
public struct BulkTally {
    private(set) var ok = 0
    private(set) var problem = 0
    private(set) var couldNotCheck = 0
    private(set) var rateLimited = 0
    public private(set) var badLines = 0
    /// Names in the input when it could be counted beforehand (a file, not stdin).
    let total: Int?
    private let live: Bool
    private let started = ContinuousClock.now
    private var lastShown = ContinuousClock.now

    /// `resolve --from PATH`: every name of the file (`-`: stdin) through `batch`, each result handed to `print` as
    /// one line (JSON with `json`) as it completes, progress and the closing line on stderr.
    public static func run(_ batch: ResolveBatch, namesIn path: String, json: Bool,
                           print: (String) -> Void) async throws(LineReader.OpenError) -> BulkTally {
        let reader = try LineReader(path: path)
        var tally = BulkTally(total: StandardStream.error.isTerminal && path != "-" ? LineReader.countNames(path: path) : nil)
        await batch.run(reader) { outcome in
            tally.count(outcome)
            print(ResolveRendering.batchLine(outcome, json: json))
        }
        tally.finish()
        return tally
    }

    init(total: Int?) {
        self.total = total
        self.live = StandardStream.error.isTerminal
    }

    var done: Int { ok + problem + couldNotCheck + badLines }

    /// The names checked as one status, by the rule every command follows: a problem found ⇒ problem; else a name
    /// that could not be checked ⇒ error (bad lines aside).
    public var worstStatus: CheckStatus { .judge(failingRows: problem, uncheckedRows: couldNotCheck) }

    public mutating func count(_ outcome: ResolveBatch.Outcome) {
        switch outcome {
        case let .report(_, report):
            switch report.status {
            case .ok: ok += 1
            case .problem: problem += 1
            case .error: couldNotCheck += 1
            }
            if report.authoritative.contains(where: { $0.verdict == .rateLimited }) { rateLimited += 1 }
        case .badName:
            badLines += 1
        }
        showProgress()
    }

    /// At most five times a second, and only when stderr is a terminal.
    private mutating func showProgress() {
        guard live, ContinuousClock.now - lastShown >= .milliseconds(200) else { return }
        lastShown = ContinuousClock.now
        let rate = Double(done) / max(0.001, seconds(ContinuousClock.now - started))
        var line = "resolve: \(done)" + (total.map { "/\($0)" } ?? "") + " names, \(Int(rate))/s, \(rateLimited) rate-limited"
        if let total, rate > 0 { line += ", ETA \(Int((Double(total - done) / rate).rounded(.up)))s" }
        StandardStream.error.writeUnbuffered("\r\u{1B}[K" + line)
    }

    /// The closing line, on stderr so that stdout keeps one line (or JSON object) per name.
    public func finish() {
        if live { StandardStream.error.writeUnbuffered("\r\u{1B}[K") }
        let elapsed = seconds(ContinuousClock.now - started)
        StandardStream.error.writeUnbuffered("resolve: \(done) names in \(Self.oneDecimal(elapsed)) s: \(ok) ok, \(problem) problem, "
            + "\(couldNotCheck) could not check (\(rateLimited) rate-limited)" + (badLines > 0 ? ", \(badLines) bad line\(badLines == 1 ? "" : "s")" : "") + "\n")
    }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }

    private static func oneDecimal(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
