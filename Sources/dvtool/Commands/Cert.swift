import ArgumentParser
import DVSocket
import DVTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct CertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Check certificate, key and chain files, or the certificate a server serves.",
        discussion: "Exit codes: 0 all good, 1 a problem was found, 2 bad input, 3 could not check (network).",
        subcommands: [CertCheckCommand.self, CertProbeCommand.self])
}

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
        try DomainArgument(text, option: option).ascii
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

struct CertCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check certificate, key and chain files: format, key match, chain, validity, names, permissions.",
        discussion: """
            Reads PEM (one or many certificates), DER and PKCS#12/PFX (--password). Checks that the key \
            belongs to the certificate, that the chain runs leaf first with each certificate signed by the next \
            and ends at a trusted root (system store or --ca-file), expiry (warning under 30 days), weak keys \
            and SHA-1 signatures, the names covered (--domain, wildcards one level only, IDN as A-labels) and who \
            can read the files (--server-user).
            Exit codes: 0 no problem, 1 a problem was found, 2 bad input (missing, unreadable or wrong file, \
            wrong password).
            """)

    @Option(name: .customLong("cert"), help: ArgumentHelp("Certificate file (PEM, DER or PKCS#12); may hold the whole chain.", valueName: "file"))
    var certificatePath: String

    @Option(name: .customLong("key"), help: ArgumentHelp("Private key file (PEM or DER; RSA, EC, Ed25519).", valueName: "file"))
    var keyPath: String?

    @Option(name: .customLong("chain"), help: ArgumentHelp("Intermediate certificates, appended after --cert.", valueName: "file"))
    var chainPath: String?

    @Option(help: ArgumentHelp("Password of a PKCS#12/PFX file or of an encrypted key.", valueName: "password"))
    var password: String?

    @Option(name: .customLong("server-user"), help: ArgumentHelp("Check that this user (e.g. www-data) can read the files.", valueName: "user"))
    var serverUser: String?

    @OptionGroup var names: CertificateNameOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (domains, display) = try names.asciiDomains()
        let trust = try names.trustStore()
        let check = CertificateFileCheck(certificatePath: certificatePath, keyPath: keyPath, chainPath: chainPath,
                                         password: password, domains: domains, displayNames: display, serverUser: serverUser)
        let report: CertificateFileCheck.Report
        do { report = try check.run(trust: trust) } catch { throw CLIError.badInput(error.description) }
        if output.json {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            let leaf = report.certificates[report.leafIndex]
            Terminal.line(Terminal.paint("Certificate \(leaf.displayName)", .bold) + "  (\(certificatePath), \(report.format.rawValue))")
            Terminal.line(CertCommandSupport.certificateLines(report.certificates, leafIndex: report.leafIndex))
            Terminal.line("")
            Terminal.line(CertCommandSupport.render(report.items))
            Terminal.line("")
            Terminal.line(CertCommandSupport.summary(report.items))
        }
        if report.hasProblem { throw ExitStatus.checkFailed }
    }
}

struct CertProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Connect to a TLS server and check the certificate chain it serves and the protocol versions it accepts.",
        discussion: """
            HOST is an IP address or a name (resolved with the system resolver); PORT defaults to 443. \
            The SNI name is --servername, else HOST when it is a name. Checks the served chain like \
            `cert check`, the names, and which of TLS 1.0-1.3 the server accepts (1.0 and 1.1 should be off).
            Exit codes: 0 no problem, 1 a problem was found (including a failed handshake, e.g. plain HTTP on the \
            port), 2 bad input, 3 could not check (port closed or filtered, name does not resolve).
            """)

    @Argument(help: ArgumentHelp("HOST[:PORT], e.g. example.com, 192.0.2.1:8443, [2001:db8::1]:443.", valueName: "host[:port]"))
    var target: String

    @Option(help: ArgumentHelp("The SNI name to send (and to check coverage for).", valueName: "name"))
    var servername: String?

    @Option(help: ArgumentHelp("Seconds allowed for each connection.", valueName: "seconds"))
    var timeout: Double = 5

    @Flag(name: .customLong("no-versions"), help: "Skip probing TLS 1.0-1.3 one by one.")
    var noVersions = false

    @OptionGroup var names: CertificateNameOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard timeout > 0 && timeout <= 120 else { throw ValidationError("--timeout must be between 0 and 120 seconds") }
    }

    func run() async throws {
        let hostPort: HostPort
        do { hostPort = try HostPort(parsing: target, defaultPort: 443) } catch { throw CLIError.badInput(error.description) }
        let (domains, display) = try names.asciiDomains()
        var serverName = try servername.map { name throws(CLIError) in try CertCommandSupport.aLabel(name, option: "--servername") }
        let ip: String
        if hostPort.hostIsAddress {
            ip = hostPort.host
        } else {
            let ascii = try CertCommandSupport.aLabel(hostPort.host, option: "HOST")
            if serverName == nil { serverName = ascii }
            do { ip = try SystemResolver.firstAddress(of: ascii) } catch { throw CLIError.couldNotCheck(error.description) }
        }
        let port = hostPort.port
        var displayNames = display
        if let servername, let serverName { displayNames[serverName] = servername }
        let trust = try names.trustStore()
        let probe = TLSProbe(ip: ip, port: port, serverName: serverName, domains: domains, displayNames: displayNames,
                             timeout: .milliseconds(Int(timeout * 1000)), probeVersions: !noVersions)
        let report: TLSProbe.Report
        do {
            report = try probe.run(trust: trust)
        } catch {
            if error.isConnectFailure { throw CLIError.couldNotCheck(error.description) }
            Terminal.error(error.description)
            throw ExitStatus.checkFailed
        }
        if output.json {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            Terminal.line(Terminal.paint("TLS probe \(HostPort(host: ip, port: port).endpoint)", .bold) + (serverName.map { "  (SNI \($0))" } ?? "  (no SNI)"))
            Terminal.line(CertCommandSupport.certificateLines(report.certificates, leafIndex: 0))
            Terminal.line("")
            Terminal.line(CertCommandSupport.render(report.items))
            Terminal.line("")
            Terminal.line(CertCommandSupport.summary(report.items))
        }
        if report.hasProblem { throw ExitStatus.checkFailed }
    }
}
