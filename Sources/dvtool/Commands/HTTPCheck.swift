import ArgumentParser
import DVBasics
import DVChecks
import DVDomain
import DVHTTPCheck
import DVPresentation

struct HTTPCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-check",
        abstract: "Fetch a validation file the way a CA does, from every A and AAAA address of the domain.",
        discussion: """
            Starts at http://DOMAIN:80/PATH on each address, follows only 301/302/307/308 redirects to http: or \
            https: on ports 80 and 443 (at most 10; HTTPS with TLS 1.2 or newer and no certificate check), needs \
            status 200 (--profile baseline: any 2xx) and a body under 128 bytes, trims trailing whitespace and \
            compares exactly with --expect. Prints every address and every hop with its verdict, and what Let's \
            Encrypt would do (first AAAA, IPv4 only when IPv6 cannot connect).
            Reserved addresses (10.x, 192.168.x, 127.x, …) are dropped as public CAs drop them (--connect-reserved \
            or --root-hints: a private world's CA reaches them).
            Exit codes: 0 every address serves the token, 1 an address failed (or the name has no address), \
            2 bad input, 3 could not check (DNS failed).
            """)

    @Argument(help: "The domain to fetch from (IDN accepted).")
    var domain: String

    @Option(help: "URL path to fetch; a bare token means /.well-known/acme-challenge/TOKEN.")
    var path: String

    @Option(help: ArgumentHelp("The exact content the file must have (trailing whitespace ignored).", valueName: "content"))
    var expect: String?

    @Option(help: "letsencrypt (status 200, Boulder's rules) or baseline (CA/B Forum BR: any 2xx).")
    var profile = CheckProfile.letsencrypt

    @Option(help: ArgumentHelp("How long to wait for each connection and for each response: a duration (10s, 1m) or seconds (default: 10s).", valueName: "duration"),
            transform: TypedDuration.timeoutArgument)
    var httpTimeout = TypedDuration(seconds: 10)

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var reserved: ReservedAddressOption
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try httpTimeout.check("--http-timeout", atMost: TypedDuration(seconds: 60))
    }

    func run() async throws {
        if domain.lowercased().hasPrefix("http://") || domain.lowercased().hasPrefix("https://") {
            throw CLIError.badInput("give the domain without a scheme (e.g. example.com), and the path with --path")
        }
        let ascii = try DomainInput(domain, allowWildcard: false).ascii
        let settings = try HTTPCheckSettings(tokenOrPath: path, expected: expect, profile: profile,
                                             timeout: httpTimeout.duration)
        // Only resolvers are asked: the root hints are never used here, so a hints file is not even read; given,
        // it still says the world is private.
        var dnsSettings = reserved.applied(to: dns.settings)
        dnsSettings.connectToReservedAddresses = dnsSettings.reservedAddresses == .connect
        dnsSettings.rootHintsPath = nil
        let context = try await CheckContext(dnsSettings, dnssec: .off)
        let report = await context.httpConnections.checker(settings).check(domain: ascii)
        await context.shutdown()
        try output.print(report) { HTTPCheckRendering.document(report) }
        try ExitStatus.finish(report.status)
    }
}
