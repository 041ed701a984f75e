import ArgumentParser
import DVReport
import DVResolve
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

enum ResolveRendering {
    static func text(_ report: ResolveReport, display: String? = nil) -> String {
        var lines: [String] = []
        let zone = report.zone.map { " in zone \($0)" } ?? ""
        let via = report.discovery == .recursive ? " (servers found through recursive resolvers)" : ""
        lines.append(Terminal.paint("\(display ?? report.name)\(zone)\(via)", .bold))
        if !report.nameservers.isEmpty {
            lines.append("")
            var table = TextTable(header: ["NAMESERVER", "ADDRESSES", "PARENT", "ZONE", "SERIAL"])
            for server in report.nameservers {
                table.rows.append([server.name, server.addresses.joined(separator: " "),
                                   server.inParent ? "yes" : "no", server.inChild ? "yes" : "no",
                                   Set(server.serials.values).sorted().map(String.init).joined(separator: " ")])
            }
            lines.append(table.render())
        }
        if !report.authoritative.isEmpty {
            lines.append("")
            lines.append(answerTable(report.authoritative, title: "AUTHORITATIVE"))
        }
        if !report.recursive.isEmpty {
            lines.append("")
            lines.append(answerTable(report.recursive, title: "RESOLVER"))
        }
        if !report.cnameChain.isEmpty {
            lines.append("")
            lines.append("CNAME chain: " + ([report.name] + report.cnameChain).joined(separator: " → "))
        }
        lines.append("")
        for problem in report.problems {
            let tag = problem.severity == .error ? Terminal.paint("problem", .red) : Terminal.paint("warning", .yellow)
            lines.append("\(tag) [\(problem.code)] \(problem.message)")
        }
        lines.append(StatusLine.summary(report.status,
                                     ok: "every server answers consistently" + (report.expected.isEmpty ? "" : " with the expected addresses"),
                                     couldNotCheck: "no authoritative server could be asked"))
        return lines.joined(separator: "\n")
    }

    private static func answerTable(_ rows: [ServerAnswer], title: String) -> String {
        var table = TextTable(header: [title, "ADDRESS", "NAME", "TYPE", "RCODE", "AA", "ANSWER", "TTL", "SERIAL", "RTT", "VERDICT"])
        for row in rows {
            let answer = row.error ?? (row.cnames.map { "→ \($0)" } + row.addresses).joined(separator: " ")
            table.rows.append([row.server, row.address, row.name, row.type, row.rcode ?? "-",
                               row.authoritativeAnswer.map { $0 ? "aa" : "-" } ?? "-", answer.isEmpty ? "-" : answer,
                               (row.ttl ?? row.negativeTTL).map(String.init) ?? "-", row.serial.map(String.init) ?? "-",
                               milliseconds(row.rttMilliseconds), row.verdict.rawValue])
        }
        return table.render { column, cell in
            guard column == 10 else { return cell }
            return cell.hasPrefix("ok") ? Terminal.paint(cell, .green) : Terminal.paint(cell, .red)
        }
    }

    /// One line per name in bulk text mode.
    static func summary(_ report: ResolveReport) -> String {
        let addresses = Set(report.authoritative.filter { $0.verdict == .ok || $0.verdict == .mismatch }.flatMap(\.addresses)).sorted()
        let status = switch report.status {
        case .ok: Terminal.paint("ok     ", .green)
        case .problem: Terminal.paint("problem", .red)
        case .error: Terminal.paint("error  ", .red)
        }
        let codes = Set(report.problems.filter { $0.severity == .error || $0.code == .rateLimited }.map(\.code.rawValue)).sorted()
        return "\(status) \(report.name) \(addresses.joined(separator: " "))" + (codes.isEmpty ? "" : " [" + codes.joined(separator: ",") + "]")
    }
}

/// A round-trip time rounded to a tenth of a millisecond: "12.3ms".
func milliseconds(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))ms"
}
