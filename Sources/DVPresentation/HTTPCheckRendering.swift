import DVBasics
import DVHTTPCheck

/// `http-check`'s text: the URL, the DNS answer, every address with its hops, Let's Encrypt's choice, the status.
public enum HTTPCheckRendering {
    public static func text(_ report: HTTPCheckReport) -> String {
        var lines: [String] = []
        lines.append(ANSIStyle.paint("GET \(report.url)", .bold) + "  (profile \(report.profile.rawValue)"
                     + (report.expected.map { ", expecting \(quote($0))" } ?? "") + ")")
        let resolution = report.resolution
        if resolution.error == nil {
            var dnsLine = "DNS: AAAA " + (resolution.aaaa.isEmpty ? "none" : resolution.aaaa.joined(separator: " "))
                + "; A " + (resolution.a.isEmpty ? "none" : resolution.a.joined(separator: " "))
            if !resolution.cnames.isEmpty { dnsLine += "; via CNAME " + resolution.cnames.joined(separator: " → ") }
            if let rcode = resolution.rcode { dnsLine += " (\(rcode))" }
            if let server = resolution.resolver { dnsLine += ANSIStyle.paint("  [resolver \(server)]", .dim) }
            lines.append(dnsLine)
        }
        for check in report.addresses {
            lines.append("")
            let verdict = check.passed ? ANSIStyle.paint("ok", .green) : ANSIStyle.paint(check.verdict.rawValue, .red)
            lines.append(ANSIStyle.paint("\(check.family) \(check.address)", .bold) + "  \(verdict)  \(check.message)")
            for (index, hop) in check.hops.enumerated() {
                let target = hop.address.map { $0.contains(":") ? "[\($0)]:\(hop.port)" : "\($0):\(hop.port)" } ?? "-"
                let status = hop.status.map { "\($0) \(hop.reason ?? "")".trimmingWhitespace() } ?? "-"
                let tls = hop.tls.map { " \($0)" } ?? ""
                let mark: String = switch hop.verdict {
                case .ok: ANSIStyle.paint("ok", .green)
                case .redirect: "redirect"
                default: ANSIStyle.paint(hop.verdict.rawValue, .red)
                }
                var line = "  \(index + 1). \(hop.url) → \(target)\(tls)  \(status)  \(mark)"
                if hop.verdict == .redirect, let location = hop.location { line += "  Location: \(location)" }
                if hop.verdict != .ok && hop.verdict != .redirect && hop.status == nil && !hop.message.isEmpty {
                    line += "  \(hop.message)"
                }
                lines.append(line)
            }
        }
        if let simulation = report.letsEncrypt {
            lines.append("")
            lines.append("Let's Encrypt: " + simulation.message)
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(ANSIStyle.paint("note", .yellow) + ": " + note) }
        lines.append("")
        switch report.status {
        case .ok:
            lines.append(ANSIStyle.paint("ok", .green) + ": every address (\(report.addresses.count)) serves the token the way a CA fetches it")
        case .problem:
            let failed = report.addresses.filter { !$0.passed }.count
            lines.append(ANSIStyle.paint("FAILED", .red) + (report.addresses.isEmpty ? ": nothing to fetch from"
                : ": \(failed) of \(report.addresses.count) address(es) would fail validation"))
        case .error:
            lines.append(ANSIStyle.paint("could not check", .red) + ": " + (report.resolution.error ?? "DNS failed"))
        }
        return lines.joined(separator: "\n")
    }

    private static func quote(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "\\\"") + "\""
    }
}
