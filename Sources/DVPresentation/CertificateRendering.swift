import DVBasics
import DVReport
import DVSocket
import DVTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `cert check` and `cert probe` text: a heading, the certificates, one line per check item, a summary.
public enum CertificateRendering {
    public static func text(_ report: CertificateFileCheck.Report, path: String) -> String {
        let leaf = report.certificates[report.leafIndex]
        let heading = ANSIStyle.paint("Certificate \(leaf.displayName)", .bold) + "  (\(path), \(report.format.rawValue))"
            + (report.target.map { "\n  upload checklist for \($0.displayName)" } ?? "")
        return body(heading: heading, certificates: report.certificates, leafIndex: report.leafIndex, items: report.items)
    }

    /// `host` and `addresses`: the name probed and every address its servers gave, when HOST was a name.
    public static func text(_ report: TLSProbe.Report, endpoint: HostPort, serverName: String?,
                            host: String? = nil, addresses: [String] = []) -> String {
        var heading = ANSIStyle.paint("TLS probe \(endpoint.endpoint)", .bold) + (serverName.map { "  (SNI \($0))" } ?? "  (no SNI)")
        if let host {
            let others = addresses.filter { $0 != endpoint.host }
            heading += "\n\(host) has \(addresses.joined(separator: ", ")); connected to \(endpoint.host)"
                + (others.isEmpty ? "" : " (probe the others with `dvtool cert probe ADDRESS:\(endpoint.port) --servername \(host)`)")
        }
        return body(heading: heading, certificates: report.certificates, leafIndex: 0, items: report.items)
    }

    private static func body(heading: String, certificates: [Certificate], leafIndex: Int, items: [CheckItem]) -> String {
        [heading, certificateLines(certificates, leafIndex: leafIndex), "", itemLines(items), "", summary(items)].joined(separator: "\n")
    }

    private static func verdictLabel(_ verdict: Verdict) -> String {
        switch verdict {
        case .ok: ANSIStyle.paint("ok      ", .green)
        case .warning: ANSIStyle.paint("warning ", .yellow)
        case .problem: ANSIStyle.paint("PROBLEM ", .red)
        case .couldNotCheck: ANSIStyle.paint("could not check", .yellow)
        case .info: ANSIStyle.paint("info    ", .dim)
        }
    }

    /// One line per item, the fix indented under a problem or warning.
    private static func itemLines(_ items: [CheckItem]) -> String {
        let width = min(28, items.map(\.title.count).max() ?? 0)
        return items.map { item in
            var line = "  \(verdictLabel(item.verdict))\(item.title.padded(toLength: max(width, item.title.count)))  \(item.detail)"
            if let fix = item.fix, item.verdict == .problem || item.verdict == .warning || item.verdict == .couldNotCheck {
                line += "\n" + String(repeating: " ", count: 12) + "fix: " + fix
            }
            return line
        }.joined(separator: "\n")
    }

    private static func summary(_ items: [CheckItem]) -> String {
        let problems = items.filter { $0.verdict == .problem }.count
        let warnings = items.filter { $0.verdict == .warning }.count
        if problems == 0 {
            return ANSIStyle.paint("No problems", .green) + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))." : ".")
        }
        return ANSIStyle.paint("\(problems) problem\(problems == 1 ? "" : "s")", .red)
            + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")." : ".")
    }

    private static func certificateLines(_ certificates: [Certificate], leafIndex: Int) -> String {
        certificates.enumerated().map { index, certificate in
            let role = index == leafIndex ? "leaf" : certificate.isSelfSigned ? "root" : certificate.isCA ? "CA" : "cert"
            return "  #\(index + 1) \(role.padded(toLength: 4))  \(certificate.subject)\n"
                + "           issuer \(certificate.issuer); \(certificate.publicKey.description), \(certificate.signatureAlgorithm); "
                + "until \(certificate.notAfter.formatted(.iso8601))"
        }.joined(separator: "\n")
    }
}
