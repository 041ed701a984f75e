import ArgumentParser
import DVToken

struct TokenRandomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "random",
        abstract: "A random value for DNS TXT or file validation (generic, DigiCert, Alibaba Cloud).",
        discussion: """
            Draws at least 128 bits from OpenSSL's CSPRNG (or takes the CA's value with --value) and prints the \
            TXT record and the /.well-known/pki-validation/fileauth.txt file that carry it.
            --ca generic and digicert put the TXT record at the domain itself (DigiCert also accepts \
            _dnsauth.DOMAIN); alibaba puts it at _dnsauth.DOMAIN; --record overrides.
            Examples:
              dvtool token random example.com --ca digicert --save
              dvtool token random 例子.中国 --ca alibaba --value 2023xyzabc --zone xn--fsqu00a.xn--fiqs8s
            """)

    @Argument(help: "The domain to validate (Unicode names are converted to xn-- form).")
    var domain: String

    @Option(help: "CA style: generic, digicert (also geotrust, rapidssl, thawte), alibaba (aliyun); for ACME CAs use `token acme`, for Sectigo `token sectigo`.")
    var ca = TokenCA.generic

    @Option(help: ArgumentHelp("Where the TXT record goes: domain or dnsauth (default: by --ca).", valueName: "where"))
    var record: GenericChallenge.RecordLocation?

    @Option(help: "Use this value (as the CA shows it) instead of a random one.")
    var value: String?

    @Option(help: ArgumentHelp("Random bits, a multiple of 8 from 128 to 1024.", valueName: "n"))
    var bits = GenericChallenge.minimumBits

    @OptionGroup var publishing: TokenPublishingOptions

    func validate() throws {
        guard (GenericChallenge.minimumBits...1024).contains(bits), bits % 8 == 0 else {
            throw ValidationError("--bits must be a multiple of 8 from \(GenericChallenge.minimumBits) to 1024, got \(bits)")
        }
        if value != nil && bits != GenericChallenge.minimumBits {
            throw ValidationError("give --value or --bits, not both")
        }
    }

    func run() async throws {
        let name = try TokenName(domain)
        let zone = try publishing.zone.asciiZone()
        let report = try TokenReport.random(for: name, ca: ca, location: record, value: value, bits: bits, zone: zone)
        try publishing.publishAndPrint(report)
    }
}
