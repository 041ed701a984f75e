import DVBasics
#if canImport(FoundationEssentials)
import DVReport
import FoundationEssentials
#else
import Foundation
#endif
import DVResolve
import DVTXT

enum TXTRendering {
    static func text(_ report: TXTReport, display: String) -> String {
        var lines = [Terminal.paint("TXT \(display)" + (report.zone.map { " in zone \($0)" } ?? ""), .bold)]
        if !report.cnameChain.isEmpty {
            lines.append("CNAME chain: " + ([report.name] + report.cnameChain).joined(separator: " → ")
                         + "; the record must be at \(report.effectiveName)")
        }
        if !report.expected.isEmpty {
            lines.append("expected: " + report.expected.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        for (title, rows) in [("AUTHORITATIVE", report.authoritative), ("RESOLVER", report.recursive)] where !rows.isEmpty {
            var table = TextTable(header: [title, "ADDRESS", "NAME", "RCODE", "VALUES", "MISSING", "TTL", "SERIAL", "RTT", "VERDICT"])
            for row in rows {
                let values = row.error ?? (row.cnames.map { "→ \($0)" } + row.values.map { "\"\($0)\"" }).joined(separator: " ")
                table.rows.append([row.server, row.address, row.name, row.rcode ?? "-", values.isEmpty ? "-" : values,
                                   row.missing.isEmpty ? "-" : "\(row.missing.count)",
                                   (row.ttl ?? row.negativeTTL).map(String.init) ?? "-", row.serial.map(String.init) ?? "-",
                                   milliseconds(row.rttMilliseconds), row.verdict.rawValue])
            }
            lines.append("")
            lines.append(table.render { column, cell in
                column == 9 ? (cell.hasPrefix("ok") ? Terminal.paint(cell, .green) : Terminal.paint(cell, .red)) : cell
            })
        }
        if let skipped = report.recursiveSkipped { lines.append(""); lines.append("resolvers: \(skipped)") }
        lines.append("")
        lines += problemLines(report.problems)
        if let caa = report.caa { lines.append(""); lines.append(text(caa)) }
        lines.append(StatusLine.summary(report.status, ok: okSummary(report), couldNotCheck: "no authoritative server could be asked"))
        return lines.joined(separator: "\n")
    }

    /// Only a check against expected values may say "submit": without them dvtool lists what the servers serve.
    private static func okSummary(_ report: TXTReport) -> String {
        guard !report.expected.isEmpty else {
            return "every server serves the values above; to know whether the CA will find your challenge value, run again with --expect VALUE"
        }
        return "every authoritative server" + (report.recursive.isEmpty ? "" : " and resolver") + " has the values; submit to the CA"
            + (report.recursive.isEmpty ? " (no resolver was asked: \(report.recursiveSkipped ?? "none given"))" : "")
    }

    static func text(_ report: CAAReport) -> String {
        var lines = [Terminal.paint("CAA \(report.wildcard ? "*." : "")\(report.domain) for \(report.ca.name)", .bold)]
        var table = TextTable(header: ["NAME", "RCODE", "CAA RECORDS", "VIA"])
        for step in report.steps {
            table.rows.append([step.name, step.rcode ?? "-",
                               step.error ?? (step.records.isEmpty ? "-" : step.records.sorted().joined(separator: "; ")), step.via])
        }
        lines.append(table.render())
        lines.append("")
        lines += problemLines(report.problems.filter { $0.code != .caaBlocks })
        let verdict = switch report.decision {
        case .allowed: Terminal.paint("allowed", .green)
        case .blocked: Terminal.paint("blocked", .red)
        case .lookupFailed: Terminal.paint("blocked (lookup failed)", .red)
        }
        lines.append("\(verdict): \(report.reason)")
        return lines.joined(separator: "\n")
    }

    static func problemLines(_ problems: [Problem]) -> [String] {
        problems.map { problem in
            let tag = problem.severity == .error ? Terminal.paint("problem", .red) : Terminal.paint("warning", .yellow)
            return "\(tag) [\(problem.code)] \(problem.message)"
        }
    }
}

/// A one-line live status on a terminal while `txt --wait` polls; silent when stdout is not a terminal.
struct WaitProgress {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled && StandardStream.error.isTerminal }

    func show(_ report: TXTReport, remaining: Duration) {
        guard enabled else { return }
        let left = Int(remaining.components.seconds)
        Terminal.writeError("\r\u{1B}[K" + Self.line(report) + ", \(left / 60)m\(left % 60)s left")
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

    func finish() {
        guard enabled else { return }
        Terminal.writeError("\r\u{1B}[K")
    }
}
