import ArgumentParser
import DVDNS
import DVChecks
import DVPresentation
import DVTXT

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
        let name = try caa.wildcardName(for: target.name, checkedName: target.name)
        let report = await context.caaChecker.check(name, ca: ca, accountURI: caa.accountURI, method: caa.method)
        await context.shutdown()
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : CAARendering.text(report))
        switch report.decision {
        case .allowed: return
        case .blocked: throw ExitStatus.checkFailed
        case .lookupFailed: throw ExitStatus.checkFailed
        }
    }
}

/// `--ca`, `--wildcard`, `--account-uri`, `--method`, shared by `caa` and `txt`.
struct CAAOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The CA: letsencrypt, digicert, sectigo, globalsign, google, zerossl, buypass, or an issuer domain.", valueName: "ca"))
    var ca: String?

    @Flag(help: "The certificate is a wildcard (*.domain): issuewild rules apply.")
    var wildcard = false

    @Option(name: .customLong("account-uri"), help: ArgumentHelp("Your ACME account URL, for accounturi= parameters.", valueName: "uri"))
    var accountURI: String?

    @Option(help: ArgumentHelp("The validation method, for validationmethods= parameters (dns-01, http-01, tls-alpn-01, …).", valueName: "method"))
    var method: String?

    func authority() throws(UnknownCertificateAuthority) -> CertificateAuthority? {
        try ca.map(CertificateAuthority.init(named:))
    }

    /// `*.name` when --wildcard is given (or the name already starts with `*.`); the challenge prefix is dropped for txt.
    func wildcardName(for name: DNSName, checkedName: DNSName) throws(CLIError) -> DNSName {
        var base = name
        while let first = base.labels.first, first.hasPrefix("_") { base = base.parent }
        guard wildcard, base.labels.first != "*" else { return base }
        do { return try base.prepending("*") } catch { throw .badInput(error.description) }
    }
}
