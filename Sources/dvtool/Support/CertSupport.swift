import ArgumentParser
import DVDNS
import DVSocket
import DVTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options both subcommands share.
struct CertificateNameOptions: ParsableArguments {
    @Option(name: .customLong("domain"), help: ArgumentHelp("A name the certificate must cover (IDN allowed); repeatable.", valueName: "name"))
    var domains: [String] = []

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Verify against the roots in this PEM file instead of the system trust store.", valueName: "file"))
    var caFile: String?

    /// A-labels in order, and the forms typed by the user for display.
    func asciiDomains() throws(CLIError) -> (names: [String], display: [String: String]) {
        var names: [String] = [], display: [String: String] = [:]
        for domain in domains {
            let ascii = try CertCommandSupport.aLabel(domain, option: "--domain")
            if !names.contains(ascii) { names.append(ascii) }
            display[ascii] = domain
        }
        return (names, display)
    }

    func trustStore() throws(CLIError) -> TrustStore? {
        if let caFile {
            do { return try TrustStore.file(caFile) } catch { throw .badInput("--ca-file: \(error.description)") }
        }
        return TrustStore.system()
    }
}

enum CertCommandSupport {
    /// A domain (or `*.domain`) as A-labels.
    static func aLabel(_ text: String, option: String) throws(CLIError) -> String {
        try DomainInput(text, option: option).ascii
    }

    static func verdictLabel(_ verdict: Verdict) -> String {
        switch verdict {
        case .ok: Terminal.paint("ok      ", .green)
        case .warning: Terminal.paint("warning ", .yellow)
        case .problem: Terminal.paint("PROBLEM ", .red)
        case .couldNotCheck: Terminal.paint("unknown ", .yellow)
        case .info: Terminal.paint("info    ", .dim)
        }
    }

    /// One line per item, the fix indented under a problem or warning.
    static func render(_ items: [CheckItem]) -> String {
        let width = min(28, items.map(\.title.count).max() ?? 0)
        return items.map { item in
            var line = "  \(verdictLabel(item.verdict))\(item.title.padded(toLength: max(width, item.title.count)))  \(item.detail)"
            if let fix = item.fix, item.verdict == .problem || item.verdict == .warning || item.verdict == .couldNotCheck {
                line += "\n" + String(repeating: " ", count: 12) + "fix: " + fix
            }
            return line
        }.joined(separator: "\n")
    }

    static func summary(_ items: [CheckItem]) -> String {
        let problems = items.filter { $0.verdict == .problem }.count
        let warnings = items.filter { $0.verdict == .warning }.count
        if problems == 0 {
            return Terminal.paint("No problems", .green) + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))." : ".")
        }
        return Terminal.paint("\(problems) problem\(problems == 1 ? "" : "s")", .red)
            + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")." : ".")
    }

    static func certificateLines(_ certificates: [Certificate], leafIndex: Int) -> String {
        certificates.enumerated().map { index, certificate in
            let role = index == leafIndex ? "leaf" : certificate.isSelfSigned ? "root" : certificate.isCA ? "CA" : "cert"
            return "  #\(index + 1) \(role.padded(toLength: 4))  \(certificate.subject)\n"
                + "           issuer \(certificate.issuer); \(certificate.publicKey.description), \(certificate.signatureAlgorithm); "
                + "until \(certificate.notAfter.formatted(.iso8601))"
        }.joined(separator: "\n")
    }
}
