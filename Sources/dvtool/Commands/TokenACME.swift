import ArgumentParser
import DVToken

struct TokenACMECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acme",
        abstract: "The ACME dns-01 TXT value and http-01 file for a challenge token and an account key.",
        discussion: """
            Computes the account key's JWK thumbprint (RFC 7638), the key authorization TOKEN.THUMBPRINT \
            (RFC 8555 §8.1), the dns-01 TXT value base64url(SHA-256(key authorization)) at \
            _acme-challenge.DOMAIN, and the http-01 file /.well-known/acme-challenge/TOKEN.
            The key file is the ACME account's private key in PEM or DER (RSA, EC P-256/P-384/P-521, Ed25519), \
            e.g. lego's accounts/…/keys/*.key or acme.sh's ca/…/account.key. Encrypted keys are refused: \
            decrypt a copy with `openssl pkey -in enc.pem -out plain.pem`.
            Example:
              dvtool token acme example.com --key account.key --token evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA
            """)

    @Argument(help: "The identifier (for *.example.com the TXT record is _acme-challenge.example.com).")
    var domain: String

    @Option(help: ArgumentHelp("The ACME account's private key file (PEM or DER).", valueName: "file"))
    var key: String

    @Option(help: ArgumentHelp("The challenge token the CA sent (base64url).", valueName: "token"))
    var token: String

    @OptionGroup var zone: TokenZoneOptions
    @OptionGroup(title: "Saving") var saving: TokenSaveOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let name = try TokenName(domain)
        let zone = try zone.asciiZone()
        let accountKey = try TokenInputFile.accountKey(key)
        let report = try TokenReport.acme(for: name, accountKey: accountKey, token: token, zone: zone)
        try saving.publishAndPrint(report, json: output.json)
    }
}
