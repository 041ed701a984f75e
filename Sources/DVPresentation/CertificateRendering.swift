import DVBasics
import DVReport
import DVSocket
import DVTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `cert check` and `cert probe` documents: a heading, the certificates (and their chain drawn), one finding per
/// check item, a summary. `now` counts the days left in the drawing.
public enum CertificateRendering {
    public static func document(_ report: CertificateFileCheck.Report, path: String, now: Date = Date()) -> Document {
        let leaf = report.certificates[report.leafIndex]
        let heading: Styled = "\("Certificate \(leaf.displayName)", .strong)  (\(path), \(report.format.rawValue))"
            + Styled(report.target.map { "\n  upload checklist for \($0.displayName)" } ?? "")
        return body(heading: heading, certificates: report.certificates, leafIndex: report.leafIndex, items: report.items, now: now)
    }

    /// `host` and `addresses`: the name probed and every address its servers gave, when HOST was a name.
    public static func document(_ report: TLSProbe.Report, endpoint: HostPort, serverName: String?,
                                host: String? = nil, addresses: [String] = [], now: Date = Date()) -> Document {
        var heading: Styled = "\("TLS probe \(endpoint.endpoint)", .strong)" + Styled(serverName.map { "  (SNI \($0))" } ?? "  (no SNI)")
        if let host {
            let others = addresses.filter { $0 != endpoint.host }
            heading = heading + Styled("\n\(host) has \(addresses.joined(separator: ", ")); connected to \(endpoint.host)"
                + (others.isEmpty ? "" : " (probe the others with `dvtool cert probe ADDRESS:\(endpoint.port) --servername \(host)`)"))
        }
        return body(heading: heading, certificates: report.certificates, leafIndex: 0, items: report.items, now: now)
    }

    private static func body(heading: Styled, certificates: [Certificate], leafIndex: Int, items: [CheckItem], now: Date) -> Document {
        let summary = summary(items)
        return Document(title: heading, blocks: [
            .chain(chain(certificates, leafIndex: leafIndex, items: items, now: now)),
            .line(Styled(certificateLines(certificates, leafIndex: leafIndex))), .line(""),
            .findings(items.map { Finding($0, doc: .cert) }, .aligned), .line(""), .line(summary),
        ], verdict: DocumentVerdict(items.hasProblem ? .problem : .ok,
                                    sentence: summary.plain + (items.first { $0.verdict == .problem }.map { " First: \($0.title): \($0.detail)" } ?? "")))
    }

    private static func summary(_ items: [CheckItem]) -> Styled {
        let problems = items.filter { $0.verdict == .problem }.count
        let warnings = items.filter { $0.verdict == .warning }.count
        if problems == 0 {
            return "\("No problems", .good)" + Styled(warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))." : ".")
        }
        return "\("\(problems) problem\(problems == 1 ? "" : "s")", .bad)" + Styled(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")." : ".")
    }

    private static func role(_ certificate: Certificate, index: Int, leafIndex: Int) -> String {
        index == leafIndex ? "leaf" : certificate.isSelfSigned ? "root" : certificate.isCA ? "CA" : "cert"
    }

    private static func certificateLines(_ certificates: [Certificate], leafIndex: Int) -> String {
        certificates.enumerated().map { index, certificate in
            "  #\(index + 1) \(role(certificate, index: index, leafIndex: leafIndex).padded(toLength: 4))  \(certificate.subject)\n"
                + "           issuer \(certificate.issuer); \(certificate.publicKey.description), \(certificate.signatureAlgorithm); "
                + "until \(certificate.notAfter.formatted(.iso8601))"
        }.joined(separator: "\n")
    }

    /// Leaf → intermediates (in the order served or stored), with the SAN that matched and the days left; a chain
    /// item that failed ends in a box naming the missing link.
    static func chain(_ certificates: [Certificate], leafIndex: Int, items: [CheckItem], now: Date) -> ChainFigure {
        let order = [leafIndex] + certificates.indices.filter { $0 != leafIndex }
        let matched = items.filter { ($0.id == "domain" || $0.id == "san") && $0.verdict == .ok }.map(\.detail)
        var nodes = order.map { index in
            let certificate = certificates[index]
            let days = Int((certificate.notAfter.timeIntervalSince1970 - now.timeIntervalSince1970) / 86_400)
            var lines = ["issuer \(certificate.issuer)",
                         "until \(certificate.notAfter.formatted(.iso8601)): " + (days < 0 ? "expired \(-days) days ago" : "\(days) days left")]
            if index == leafIndex {
                lines.insert("SAN " + (certificate.dnsNames.isEmpty ? "none" : certificate.dnsNames.joined(separator: ", ")), at: 0)
                lines += matched.map { "matched: \($0)" }
            }
            return ChainFigure.Node(title: "\(role(certificate, index: index, leafIndex: leafIndex)): \(certificate.displayName)", lines: lines,
                                    state: days < 0 ? "expired" : role(certificate, index: index, leafIndex: leafIndex), broken: days < 0,
                                    brokenReason: days < 0 ? "expired on \(certificate.notAfter.formatted(.iso8601))" : nil)
        }
        if let missing = items.first(where: { $0.id.hasPrefix("chain") && $0.verdict == .problem }) {
            nodes.append(ChainFigure.Node(title: "missing link", lines: [missing.title], state: "missing", broken: true, brokenReason: missing.detail))
        }
        return ChainFigure(caption: "Certificate chain, leaf first", nodes: nodes)
    }
}
