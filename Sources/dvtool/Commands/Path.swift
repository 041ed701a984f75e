import ArgumentParser
import DVBasics
import DVChecks
import DVDomain
import DVPath
import DVPresentation

struct PathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Find which node of the traffic path (CDN, WAF, load balancer, origin) serves the wrong certificate.",
        discussion: """
            Follows DOMAIN's CNAME chain on its authoritative servers and names the provider and product of each \
            name (docs/path.md lists the sourced suffixes and headers), connects to every address of the chain's last \
            name, of each --hop and each --origin with DOMAIN as SNI and Host, and compares the certificates: an old \
            one, the provider's default one, a missing intermediate, a name mismatch, an expired one, an ICP block \
            page. A node that does not answer gets no verdict on its certificate.
            Exit codes: 0 every node serves the same valid certificate, 1 a node does not, 2 bad input, 3 could not \
            check (a node or the DNS did not answer).
            """)

    @Argument(help: "The domain users visit (IDN accepted).")
    var domain: String

    @Option(name: .customLong("origin"), help: ArgumentHelp("An origin server's address behind the CDN/WAF; repeatable.", valueName: "ip"))
    var origins: [String] = []

    @Option(name: .customLong("hop"), help: ArgumentHelp("A name between the edge and the origin (a WAF's or load balancer's CNAME target); repeatable.", valueName: "name"))
    var hops: [String] = []

    @Option(help: "The HTTPS port on every node (default: 443).")
    var port: UInt16 = 443

    @Option(help: ArgumentHelp("How long each connection may take: a duration (5s, 1.5s) or seconds (default: 5s).", valueName: "duration"),
            transform: TypedDuration.timeoutArgument)
    var connectTimeout = TypedDuration(seconds: 5)

    @OptionGroup var trust: TrustFileOption
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for text in origins where IPAddress(text) == nil {
            throw ValidationError("--origin \"\(text)\" is not an IPv4 or IPv6 address (e.g. 192.0.2.1 or 2001:db8::1)")
        }
        guard port > 0 else { throw ValidationError("--port must be between 1 and 65535") }
        try connectTimeout.check("--connect-timeout", atMost: DNSSettings.longestTimeout)
    }

    func run() async throws {
        let target = try DomainInput(domain)
        let hopNames = try hops.map { text throws(CLIError) in try DomainInput(text, option: "--hop").name }
        let trustStore = try trust.trustStore()
        let context = try await CheckContext(dns.settings)
        let tracer = PathTracer(context: context, port: port, timeout: connectTimeout.duration, trust: trustStore)
        let report = await tracer.trace(target.name, hops: hopNames, origins: origins.compactMap { IPAddress($0) })
        await context.shutdown()
        try output.print(report) { PathRendering.document(report) }
        try ExitStatus.finish(report.status)
    }
}
