import ArgumentParser
import DVDNS
import DVChecks
import DVPresentation

struct CAACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caa",
        abstract: "Check whether CAA records let a CA issue for a domain (RFC 8659, RFC 8657).",
        discussion: """
            Climbs from the domain towards the root to the closest CAA set (following CNAMEs, as a CA's resolver does), \
            applies issue/issuewild, critical unknown tags and the accounturi and validationmethods parameters, and \
            says where the relevant set was found and which record allows or blocks. A failed lookup blocks, as at a CA.
            Exit codes: 0 the CA may issue, 1 blocked, 2 bad input, 3 could not check.
            """)

    @Argument(help: "The domain the certificate is for; *.example.com for a wildcard (IDN accepted).")
    var domain: String

    @OptionGroup(title: "CAA Options") var caa: CAAOptions
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard caa.ca != nil else { throw ValidationError("--ca is required: a CA name (letsencrypt, digicert, sectigo, globalsign, google) or its issuer domain") }
    }

    func run() async throws {
        let target = try DomainInput(domain)
        let ca = try caa.authority()!
        let context = try await CheckContext(dns.settings)
        let name = try target.name.certificateName(wildcard: caa.wildcard)
        let report = await context.caaChecker.check(name, ca: ca, accountURI: caa.accountURI, method: caa.method)
        await context.shutdown()
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : CAARendering.text(report))
        // A lookup that failed blocks, as at a CA.
        if report.decision != .allowed { throw ExitStatus.checkFailed }
    }
}
