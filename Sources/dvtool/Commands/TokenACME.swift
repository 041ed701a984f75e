import ArgumentParser
import DVCrypto
import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        let name = try TokenDomainName(domain)
        let zone = try zone.zone(for: name.domain)
        let accountKey: PrivateKey
        do {
            accountKey = try PrivateKey(pem: try TokenInputFile.read(key, what: "key file"))
        } catch let error as CryptoError {
            Terminal.debug(error.detail)
            throw CLIError.badInput("\(key): \(error.description)")
        }
        let challenge: ACMEChallenge
        do {
            challenge = try ACMEChallenge(domain: name.domain, token: token.trimmingWhitespace(),
                                          accountKey: accountKey)
        } catch {
            throw CLIError.badInput(error.description)
        }
        var report = TokenReport(kind: "acme", ca: "acme")
        report.domains = [.init(ascii: name.ascii, unicode: name.unicode)]
        report.values = [("accountKey", "Account key", accountKey.kind.description),
                         ("jwk", "JWK", accountKey.jwk.canonicalJSON),
                         ("thumbprint", "Thumbprint", challenge.thumbprint), ("token", "Token", challenge.token),
                         ("keyAuthorization", "Key authorization", challenge.keyAuthorization),
                         ("dnsValue", "dns-01 value", challenge.dnsValue)]
        report.add(challenge.record, domain: name.domain, zone: zone)
        let now = Date()
        var stored = [StoredToken(domain: name.ascii, method: .acmeDNS01, ca: "acme", value: challenge.dnsValue,
                                  record: challenge.record.name, created: now)]
        if let file = challenge.file {
            report.add(file, domain: name.domain)
            stored.append(StoredToken(domain: name.ascii, method: .acmeHTTP01, ca: "acme", value: challenge.keyAuthorization,
                                      path: file.path, body: file.body, created: now))
            report.notes.append("http-01 is fetched over port 80 (redirects to https on 443 are followed)")
        } else {
            report.notes.append("no http-01 file: wildcard identifiers can only use dns-01")
            report.notes.append("a wildcard and its base name share _acme-challenge.\(name.domain.base): publish both TXT values at once")
        }
        if challenge.tokenLooksShort {
            report.warnings.append("the token has \(challenge.token.count) characters; CAs send at least 22 (128 bits): check that it was copied whole")
        }
        report.storedTokens = stored
        try TokenOutput.finish(&report, options: saving, json: output.json)
    }
}
