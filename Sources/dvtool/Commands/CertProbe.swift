import ArgumentParser
import DVBasics
import DVChecks
import DVPresentation
import DVSocket
import DVTLS

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

    @Option(help: ArgumentHelp("How long each connection may take: a duration (5s, 1.5s, 1m) or seconds (default: 5s).", valueName: "duration"),
            transform: TypedDuration.timeoutArgument)
    var timeout = TypedDuration(seconds: 5)

    @Flag(name: .customLong("no-versions"), help: "Skip probing TLS 1.0-1.3 one by one.")
    var noVersions = false

    @OptionGroup var names: CertificateNameOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try timeout.check("--timeout", atMost: DNSSettings.longestTimeout)
    }

    func run() async throws {
        let endpoint = try ProbeTarget(target, servername: servername)
        let (domains, display) = try names.asciiDomains()
        let trust = try names.trust.trustStore()
        let probe = TLSProbe(ip: endpoint.ip, port: endpoint.port, serverName: endpoint.serverName, domains: domains,
                             displayNames: display.merging(endpoint.typedNames) { $1 },
                             timeout: timeout.duration, probeVersions: !noVersions)
        let report: TLSProbe.Report
        do {
            report = try probe.run(trust: trust)
        } catch {
            if error.isConnectFailure { throw CLIError.couldNotCheck(error.description) }
            Terminal.error(error.description)
            throw ExitStatus.checkFailed
        }
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true)
                                  : CertificateRendering.text(report, endpoint: HostPort(host: endpoint.ip, port: endpoint.port),
                                                            serverName: endpoint.serverName))
        if report.hasProblem { throw ExitStatus.checkFailed }
    }
}
