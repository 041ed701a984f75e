import ArgumentParser
import DVMethod
import DVToken

struct TokenACMECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acme",
        abstract: "The ACME dns-01 (or dns-account-01) TXT value and http-01 file for a challenge token and an account key.",
        discussion: """
            Computes the account key's JWK thumbprint (RFC 7638), the key authorization TOKEN.THUMBPRINT \
            (RFC 8555 §8.1), the dns-01 TXT value base64url(SHA-256(key authorization)) at \
            _acme-challenge.DOMAIN, and the http-01 file /.well-known/acme-challenge/TOKEN.
            --method dns-account-01 --account-url URL prints the dns-account-01 record instead: the same value at \
            _LABEL._acme-challenge.DOMAIN, LABEL being base32(SHA-256(URL))[first 10 bytes] in lower case. The URL \
            is the account's, exactly as the CA gave it (the client's account file, the JWS "kid").
            The key file is the ACME account's private key in PEM or DER (RSA, EC P-256/P-384/P-521, Ed25519), \
            e.g. lego's accounts/…/keys/*.key or acme.sh's ca/…/account.key. Encrypted keys are refused: \
            decrypt a copy with `openssl pkey -in enc.pem -out plain.pem`.
            Examples:
              dvtool token acme example.com --key account.key --token evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA
              dvtool token acme example.com --key account.key --token TOKEN --method dns-account-01 \\
                 --account-url https://acme-v02.api.letsencrypt.org/acme/acct/123456789
            """)

    @Argument(help: "The identifier (for *.example.com the TXT record is _acme-challenge.example.com).")
    var domain: String

    @Option(help: ArgumentHelp("The ACME account's private key file (PEM or DER).", valueName: "file"))
    var key: String

    @Option(help: "The challenge token the CA sent (base64url).")
    var token: String

    @Option(help: "dns-01 with http-01 (default), or dns-account-01.")
    var method: String?

    @Option(name: .customLong("account-url"), help: ArgumentHelp("With --method dns-account-01: the ACME account URL.", valueName: "url"))
    var accountURL: String?

    @OptionGroup var publishing: TokenPublishingOptions

    func run() async throws {
        let name = try TokenName(domain)
        let zone = try publishing.zone.asciiZone()
        let account = try accountForMethod()
        let accountKey = try TokenInputFile.accountKey(key)
        let report = try TokenReport.acme(for: name, accountKey: accountKey, token: token, zone: zone, account: account)
        try publishing.publishAndPrint(report)
    }

    /// The account URL of dns-account-01; nil for dns-01 and http-01.
    private func accountForMethod() throws -> ACMEAccountURL? {
        let chosen = try method.map { text throws(CLIError) in
            guard let method = ValidationMethod(name: text), [.dns01, .http01, .dnsAccount01].contains(method) else {
                throw CLIError.badInput("--method \(text): token acme makes dns-01 with http-01, or dns-account-01 (with --account-url)")
            }
            return method
        }
        switch (chosen, accountURL) {
        case (.dnsAccount01, nil):
            throw CLIError.badInput("--method dns-account-01 needs --account-url URL: the account URL the CA returned (e.g. https://acme-v02.api.letsencrypt.org/acme/acct/123456789)")
        case (.dnsAccount01, let url?), (nil, let url?):
            return try ACMEAccountURL(option: url)
        case (_?, _?):
            throw CLIError.badInput("--account-url is for --method dns-account-01")
        default:
            return nil
        }
    }
}
