import DVReport
import DVBasics
import DVHTTPCheck

/// `http-check`'s document: the URL, the DNS answer, every address with its hops, Let's Encrypt's choice, the status.
public enum HTTPCheckRendering {
    public static func document(_ report: HTTPCheckReport) -> Document {
        var lines: [Styled] = []
        lines.append(Styled("GET \(report.url)", .strong) + "  (profile \(report.profile.rawValue)"
                     + (report.expected.map { ", expecting \(quote($0))" } ?? "") + ")")
        let resolution = report.resolution
        if resolution.error == nil {
            var dnsLine: Styled = "DNS: AAAA " + (resolution.aaaa.isEmpty ? "none" : resolution.aaaa.joined(separator: " "))
                + "; A " + (resolution.a.isEmpty ? "none" : resolution.a.joined(separator: " "))
            if !resolution.cnames.isEmpty { dnsLine += "; via CNAME " + resolution.cnames.joined(separator: " → ") }
            if let rcode = resolution.rcode { dnsLine += " (\(rcode))" }
            if let reserved = resolution.reserved {
                dnsLine += Styled("; reserved, no public CA connects: " + reserved.map { "\($0.address) (\($0.reason))" }.joined(separator: " "), .bad)
            }
            if let server = resolution.resolver { dnsLine += Styled("  [resolver \(server)]", .faint) }
            lines.append(dnsLine)
        }
        for check in report.addresses {
            lines.append("")
            let verdict = check.passed ? Styled("ok", .good) : Styled(check.verdict.rawValue, .bad)
            lines.append(Styled("\(check.family) \(check.address)", .strong) + "  \(verdict)  \(check.message)")
            for (index, hop) in check.hops.enumerated() {
                let target = hop.address.map { $0.contains(":") ? "[\($0)]:\(hop.port)" : "\($0):\(hop.port)" } ?? "-"
                let status = hop.status.map { "\($0) \(hop.reason ?? "")".trimmingWhitespace() } ?? "-"
                let tls = hop.tls.map { " \($0)" } ?? ""
                let mark: Styled = switch hop.verdict {
                case .ok: Styled("ok", .good)
                case .redirect: "redirect"
                default: Styled(hop.verdict.rawValue, .bad)
                }
                var line: Styled = "  \(index + 1). \(hop.url) → \(target)\(tls)  \(status)  \(mark)"
                if hop.verdict == .redirect, let location = hop.location { line += "  Location: \(location)" }
                if hop.verdict != .ok && hop.verdict != .redirect && hop.status == nil && !hop.message.isEmpty {
                    line += "  \(hop.message)"
                }
                lines.append(line)
            }
        }
        if let simulation = report.letsEncrypt {
            lines.append("")
            lines.append(Styled("Let's Encrypt: " + simulation.message))
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(Styled("note", .caution) + ": " + note) }
        lines.append("")
        switch report.status {
        case .ok:
            lines.append(Styled("ok", .good) + ": every address (\(report.addresses.count)) serves the token the way a CA fetches it")
        case .problem:
            let failed = report.addresses.filter { !$0.passed }.count
            lines.append(Styled("FAILED", .bad) + (report.addresses.isEmpty ? ": nothing to fetch from"
                : ": \(failed) of \(report.addresses.count) address(es) would fail validation"))
        case .error:
            lines.append(Styled("could not check", .bad) + ": " + (report.resolution.error ?? "DNS failed"))
        }
        let verdict = DocumentVerdict(report.status == .ok ? .ok : report.status == .problem ? .problem : .error,
                                      sentence: String(lines.last?.plain.drop { $0 != " " }.dropFirst() ?? ""))
        return Document(blocks: lines.map(Block.line), verdict: verdict)
    }

    private static func quote(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "\\\"") + "\""
    }
}
