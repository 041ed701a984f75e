import DVPath

/// `path`'s document: the CNAME chain with the product per name, one block per node (its certificate, HTTP answer
/// and identifying headers, the finding and the console action), then the verdict and the status line.
public enum PathRendering {
    public static func document(_ report: PathReport) -> Document {
        var document = Document(title: "\("path \(report.domain) (port \(report.port))", .strong)", blocks: [.line("")])
        let chain = report.chain.map { name in name.name + (name.product.map { " (\($0.displayName))" } ?? "") }
        if !chain.isEmpty { document.append(.line("DNS: \(chain.joined(separator: " → "))")) }
        document.append(ReportText.problems(report.problems, doc: .path))
        for node in report.nodes {
            document.append(.line(""))
            document.append(lines: nodeLines(node))
        }
        document.append(.line(""))
        if let expected = report.expected { document.append(.line("expected certificate: \(expected.summary), SHA-256 \(expected.sha256)")) }
        document.append(.line("verdict: \(report.verdict)"))
        document.append(ReportText.status(report.status, ok: "every node serves the same valid certificate",
                                          couldNotCheck: "not every node answered from here (see above)"))
        return document
    }

    static func nodeLines(_ node: PathNode) -> [Styled] {
        let name = node.name.map { " \($0)" } ?? ""
        var lines: [Styled] = ["\("\(node.role.rawValue)\(name) \(node.address):\(node.port)", .strong)"]
        if let product = node.product {
            let confidence = product.evidence == .cname ? "from the CNAME" : "from headers only, lower confidence"
            lines.append("  product: \(product.displayName) (\(confidence): \(product.matched.joined(separator: "; ")))")
        }
        if let certificate = node.certificate {
            lines.append("  certificate: \(certificate.subject); SANs \(certificate.dnsNames.joined(separator: ", "))")
            lines.append("    issuer \(certificate.issuer); \(certificate.summary)")
            lines.append("    SHA-256 \(certificate.sha256); chain \(certificate.chainComplete ? "complete" : "incomplete")\(certificate.isSM2 ? "; SM2" : "")")
        }
        if let http = node.http {
            let headers = http.identifyingHeaders.map { "\($0.name): \($0.value)" }
            lines.append("  HTTP \(http.status) \(http.reason)\(headers.isEmpty ? "" : "; " + headers.joined(separator: "; "))")
        }
        let tone: Tone = switch node.finding {
        case .ok: .good
        case .unreachable: .caution
        default: .bad
        }
        lines.append("  \(node.finding.rawValue, tone): \(node.detail)")
        if let advice = node.advice { lines.append("  fix: \(advice)") }
        return lines
    }
}
