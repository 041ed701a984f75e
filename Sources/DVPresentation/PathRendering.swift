import DVPath

/// `path`'s text: the CNAME chain with the product per name, one block per node (its certificate, HTTP answer
/// and identifying headers, the finding and the console action), then the verdict and the status line.
public enum PathRendering {
    public static func text(_ report: PathReport) -> String {
        var lines = [ANSIStyle.paint("path \(report.domain) (port \(report.port))", .bold), ""]
        let chain = report.chain.map { name in name.name + (name.product.map { " (\($0.displayName))" } ?? "") }
        if !chain.isEmpty { lines.append("DNS: " + chain.joined(separator: " → ")) }
        lines += ReportText.problemLines(report.problems)
        for node in report.nodes {
            lines.append("")
            lines += nodeLines(node)
        }
        lines.append("")
        if let expected = report.expected { lines.append("expected certificate: \(expected.summary), SHA-256 \(expected.sha256)") }
        lines.append("verdict: \(report.verdict)")
        lines.append(ReportText.statusLine(report.status, ok: "every node serves the same valid certificate",
                                           couldNotCheck: "not every node answered from here (see above)"))
        return lines.joined(separator: "\n")
    }

    static func nodeLines(_ node: PathNode) -> [String] {
        let name = node.name.map { " \($0)" } ?? ""
        var lines = [ANSIStyle.paint("\(node.role.rawValue)\(name) \(node.address):\(node.port)", .bold)]
        if let product = node.product {
            let confidence = product.evidence == .cname ? "from the CNAME" : "from headers only, lower confidence"
            lines.append("  product: \(product.displayName) (\(confidence): \(product.matched.joined(separator: "; ")))")
        }
        if let certificate = node.certificate {
            lines.append("  certificate: \(certificate.subject); SANs \(certificate.dnsNames.joined(separator: ", "))")
            lines.append("    issuer \(certificate.issuer); \(certificate.summary)")
            lines.append("    SHA-256 \(certificate.sha256); chain \(certificate.chainComplete ? "complete" : "incomplete")"
                         + (certificate.isSM2 ? "; SM2" : ""))
        }
        if let http = node.http {
            let headers = http.identifyingHeaders.map { "\($0.name): \($0.value)" }
            lines.append("  HTTP \(http.status) \(http.reason)" + (headers.isEmpty ? "" : "; " + headers.joined(separator: "; ")))
        }
        let tag = switch node.finding {
        case .ok: ANSIStyle.paint("ok", .green)
        case .unreachable: ANSIStyle.paint("unreachable", .yellow)
        default: ANSIStyle.paint(node.finding.rawValue, .red)
        }
        lines.append("  \(tag): \(node.detail)")
        if let advice = node.advice { lines.append("  fix: \(advice)") }
        return lines
    }
}
