#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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
        switch report.status {
        case .ok: lines.append(Terminal.paint("ok", .green) + ": every authoritative server" + (report.recursive.isEmpty ? "" : " and resolver") + " has the values; submit to the CA")
        case .problem: lines.append(Terminal.paint("FAILED", .red) + ": do not submit to the CA yet")
        case .error: lines.append(Terminal.paint("could not check", .red) + ": no authoritative server could be asked")
        }
        return lines.joined(separator: "\n")
    }

    static func text(_ report: CAAReport) -> String {
        var lines = [Terminal.paint("CAA \(report.wildcard ? "*." : "")\(report.domain) for \(report.ca.name)", .bold)]
        var table = TextTable(header: ["NAME", "RCODE", "CAA RECORDS", "VIA"])
        for step in report.steps {
            table.rows.append([step.name, step.rcode ?? "-",
                               step.error ?? (step.records.isEmpty ? "-" : step.records.joined(separator: "; ")), step.via])
        }
        lines.append(table.render())
        lines.append("")
        lines += problemLines(report.problems.filter { $0.code != "caa-blocks" })
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

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    func show(_ report: TXTReport, remaining: Duration) {
        guard enabled else { return }
        let servers = report.authoritative.filter { $0.name == report.effectiveName }
        let done = servers.filter { $0.verdict == .ok }
        let marks = servers.map { "\($0.server.split(separator: ".").first ?? "")@\($0.address) \($0.verdict == .ok ? "✓" : "✗")" }
        let left = Int(remaining.components.seconds)
        let line = "waiting: \(done.count)/\(servers.count) authoritative servers ready (\(marks.joined(separator: ", "))), \(left / 60)m\(left % 60)s left"
        Terminal.writeError("\r\u{1B}[K" + line)
    }

    func finish() {
        guard enabled else { return }
        Terminal.writeError("\r\u{1B}[K")
    }
}
