import DVBasics
import DVTXT

/// A one-line live status on a terminal's stderr while `txt --wait` polls; silent when stderr is not a terminal.
public struct WaitProgress {
    let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled && StandardStream.error.isTerminal }

    public func show(_ report: TXTReport, remaining: Duration) {
        guard enabled else { return }
        let left = Int(remaining.components.seconds)
        StandardStream.error.writeUnbuffered("\r\u{1B}[K" + Self.line(report) + ", \(left / 60)m\(left % 60)s left")
    }

    /// What the wait is for: the authoritative servers first, then the resolvers' cached old answers.
    static func line(_ report: TXTReport) -> String {
        let servers = report.authoritative.filter { $0.name == report.effectiveName }
        let done = servers.filter { $0.verdict == .ok }
        guard done.count == servers.count, !report.recursive.isEmpty else {
            let marks = servers.map { "\($0.server.split(separator: ".").first ?? "")@\($0.address) \($0.verdict == .ok ? "✓" : "✗")" }
            return "waiting: \(done.count)/\(servers.count) authoritative servers ready (\(marks.joined(separator: ", ")))"
        }
        let stale = report.recursive.filter { $0.verdict != .ok }
        let caches = stale.map { row in "\(row.address)" + ((row.ttl ?? row.negativeTTL).map { " up to \($0) s" } ?? "") }
        return "waiting: authoritative servers ready; \(stale.count) resolver cache(s) still hold the old answer ("
            + caches.joined(separator: ", ") + ")"
    }

    public func finish() {
        guard enabled else { return }
        StandardStream.error.writeUnbuffered("\r\u{1B}[K")
    }
}
