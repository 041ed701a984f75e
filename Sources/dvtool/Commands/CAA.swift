import ArgumentParser
import DVBasics
import DVCAA
import DVDomain
import DVChecks
import DVPresentation
import DVTXT
import DVReport

struct CAACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caa",
        abstract: "Check whether CAA records let a CA issue for a domain (RFC 8659, RFC 8657).",
        discussion: """
            Climbs from the domain towards the root to the closest CAA set (following CNAMEs, as a CA's resolver does), \
            applies issue/issuewild, critical unknown tags and the accounturi and validationmethods parameters, and \
            says where the relevant set was found and which record allows or blocks. A CA refuses to issue when its \
            CAA lookup fails; dvtool reports such a lookup as could not check (exit 3), since the cause may be this \
            machine's network. Several names (an order's SANs): give them all, or --from FILE; each gets its report \
            (JSON: one object per line) and the exit code is the worst.
            Exit codes: 0 the CA may issue, 1 blocked, 2 bad input, 3 could not check (a lookup failed).
            """)

    @Argument(help: "The domains the certificate is for; *.example.com for a wildcard (IDN accepted).")
    var domains: [String] = []

    @OptionGroup var namesFile: NamesFileOption

    @OptionGroup(title: "CAA Options") var caa: CAAOptions
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !caa.ca.isEmpty else { throw ValidationError("--ca is required: a CA name (\(CertificateAuthority.shortNames)) or its issuer domain") }
        guard !domains.isEmpty || namesFile.path != nil else { throw ValidationError("give a DOMAIN (or several), or --from FILE") }
    }

    func run() async throws {
        let targets = try domains.map { try DomainInput($0) } + namesFile.names()
        let ca = try caa.authority()!
        let context = try await CheckContext(dns.settings)
        var reports: [CAAReport] = []
        for target in targets {
            let name = try target.name.certificateName(wildcard: caa.wildcard)
            reports.append(await context.caaChecker.check(name, ca: ca, accountURI: caa.accountURI, method: caa.method?.rawValue))
        }
        await context.shutdown()
        try output.print(reports, document: CAARendering.document)
        try ExitStatus.finish(.combining(reports.map(\.status)))
    }
}
