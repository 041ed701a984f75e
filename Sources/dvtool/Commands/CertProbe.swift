import ArgumentParser
import DVBasics
import DVChecks
import DVPath
import DVPresentation
import DVSocket
import DVTLS

struct CertProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Connect to a TLS server and check the certificate chain it serves and the protocol versions it accepts.",
        discussion: """
            HOST is an IP address or a name, looked up as `resolve` does (the DNS options below: every \
            authoritative server, --resolver, --root-hints…); the probe connects to its first address and says \
            which. PORT defaults to 443. \
            The SNI name is --servername, else HOST when it is a name. Checks the served chain like \
            `cert check`, the names, and which of TLS 1.0-1.3 the server accepts (1.0 and 1.1 should be off).
            Exit codes: 0 no problem, 1 a problem was found (including a failed handshake, e.g. plain HTTP on the \
            port), 2 bad input, 3 could not check (port closed or filtered, name does not resolve).
            """)

    @Argument(help: ArgumentHelp("HOST[:PORT], e.g. example.com, 192.0.2.1:8443, [2001:db8::1]:443.", valueName: "host[:port]"))
    var target: String

    @Option(help: ArgumentHelp("The SNI name to send (and to check coverage for).", valueName: "name"))
    var servername: String?

    @Flag(name: .customLong("no-versions"), help: "Skip probing TLS 1.0-1.3 one by one.")
    var noVersions = false

    @OptionGroup var names: CertificateNameOptions
    // Its --timeout bounds each DNS server and each TLS connection alike.
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (domains, display) = try names.asciiDomains()
        let trust = try names.trust.trustStore()
        var endpoint = try ProbeTarget(target, servername: servername)
        if endpoint.ip == nil {
            let context = try await CheckContext(dns.settings, dnssec: .off)
            do { endpoint = try await endpoint.resolved(with: context) } catch {
                await context.shutdown()
                throw error
            }
            await context.shutdown()
        }
        let ip = endpoint.ip ?? ""
        let probe = TLSProbe(ip: ip, port: endpoint.port, serverName: endpoint.serverName, domains: domains,
                             displayNames: display.merging(endpoint.typedNames) { $1 },
                             timeout: dns.timeout.duration, probeVersions: !noVersions)
        var report: TLSProbe.Report
        do {
            report = try probe.run(trust: trust)
        } catch {
            if error.isConnectFailure { throw CLIError.couldNotCheck(error.description) }
            // A failed handshake (plain HTTP on the port, no shared protocol) is the server's problem.
            Terminal.error(error.description)
            return try ExitStatus.finish(.problem)
        }
        if let host = endpoint.host {
            report.items.insert(contentsOf: ReachedProvider.items(host: host, cnameChain: endpoint.cnameChain), at: 0)
        }
        try output.print(report) {
            CertificateRendering.document(report, endpoint: HostPort(host: ip, port: endpoint.port),
                                          serverName: endpoint.serverName, host: endpoint.host, addresses: endpoint.addresses)
        }
        try ExitStatus.finish(report.status)
    }
}
