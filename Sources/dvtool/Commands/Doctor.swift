import ArgumentParser
import DVCAA
import DVDNS
import DVChecks
import DVDoctor
import DVHTTPCheck
import DVPresentation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Run the whole DV and TLS checklist for a domain in one go.",
        discussion: """
            DNS on every authoritative server (as `resolve`), CAA for --ca, ports 80 and 443 on every address, \
            the live certificate and TLS versions (as `cert probe`), the local --cert/--key files (as `cert check`) \
            and, with --token, the HTTP file-validation path (as `http-check`). Each item: ok, warning, problem or \
            could-not-check, with the fix for a problem.
            Exit codes: 0 nothing is a problem, 1 a problem was found, 2 bad input, 3 an item could not be checked and none is a problem.
            """)

    @Argument(help: "The domain the certificate is for (IDN accepted).")
    var domain: String

    @OptionGroup var expected: ExpectedAddressOptions

    @Option(help: ArgumentHelp("CAA: the CA you will ask (letsencrypt, digicert, … or an issuer domain).", valueName: "ca"))
    var ca: String?

    @Option(name: .customLong("cert"), help: ArgumentHelp("The certificate file the web server uses.", valueName: "file"))
    var certificateFile: String?

    @Option(name: .customLong("key"), help: ArgumentHelp("Its private key file.", valueName: "file"))
    var keyFile: String?

    @OptionGroup var trust: TrustFileOption

    @Option(help: ArgumentHelp("An http-01 token (or a /.well-known/… path) to fetch as a CA would.", valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-body"), help: ArgumentHelp("The body the token URL must return.", valueName: "content"))
    var tokenBody: String?

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if keyFile != nil && certificateFile == nil { throw ValidationError("--key needs --cert: give the certificate file too") }
        if tokenBody != nil && token == nil { throw ValidationError("--token-body needs --token") }
    }

    func run() async throws {
        let target = try DomainInput(domain)
        var settings = Doctor.Settings()
        settings.expected = expected.addresses
        settings.certificateFile = certificateFile
        settings.keyFile = keyFile
        settings.ca = try ca.map(CertificateAuthority.init(named:))
        settings.trust = try trust.trustStore()
        settings.tokenPath = token.map(HTTPCheckSettings.path(forTokenOrPath:))
        let context = try await CheckContext(dns.settings)
        let report = await Doctor(context: context, settings: settings, tokenBody: tokenBody).run(target.name, display: target.display)
        await context.shutdown()
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : DoctorRendering.text(report, display: target.display))
        try ExitStatus.finish(report.status)
    }
}
