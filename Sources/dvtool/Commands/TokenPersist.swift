import ArgumentParser
import DVCAA
import DVDNSSEC
import DVToken

struct TokenPersistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persist",
        abstract: "The standing dns-persist-01 TXT record (_validation-persist.DOMAIN) for a CA and an account.",
        discussion: """
            Prints the record BR 3.2.2.4.22 and draft-ietf-acme-dns-persist describe: \
            "ISSUER; accounturi=URL[; policy=wildcard][; persistUntil=SECONDS]" at _validation-persist.DOMAIN. \
            The CA checks it at every validation, so it is published once and kept. The accounturi is the plain \
            account URL, as Let's Encrypt staging (draft -01) compares it; --account-hash-prefix with --key gives \
            draft-02's hashed form instead. *.DOMAIN (or --wildcard) adds policy=wildcard.
            Example:
              dvtool token persist example.com --ca letsencrypt \\
                --account-url https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789 \\
                --wildcard --until 2027-12-31
            """)

    @Argument(help: "The domain the record validates (for *.example.com the record is _validation-persist.example.com).")
    var domain: String

    @Option(help: "The CA: \(CertificateAuthority.shortNames), or its issuer domain.")
    var ca: String

    @OptionGroup(title: "Account") var account: PersistAccountOptions

    @Flag(help: "Allow wildcard certificates (policy=wildcard).")
    var wildcard = false

    @Option(help: ArgumentHelp("persistUntil: the CA stops using the record after this moment (2027-12-31, +365d, @SECONDS).", valueName: "date"))
    var until: String?

    @OptionGroup var publishing: TokenPublishingOptions

    func run() async throws {
        let name = try TokenName(domain)
        let authority = try CertificateAuthority(named: ca)
        let request = TokenReport.PersistRequest(
            issuer: authority.issuerDomains[0], caName: authority.name, account: try account.account(for: "token persist"),
            hashing: try account.hashing(), wildcard: wildcard, persistUntil: try until.map { try ValidationMoment(option: "--until", $0).secondsSince1970 })
        let report = try TokenReport.persist(for: name, request, zone: try publishing.zone.asciiZone())
        try publishing.publishAndPrint(report)
    }
}
