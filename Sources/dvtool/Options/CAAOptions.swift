import ArgumentParser
import DVCAA
import DVMethod

/// `--ca`, `--wildcard`, `--account-uri`, `--method`, shared by `caa` and `txt`.
struct CAAOptions: ParsableArguments {
    @Option(help: "The CA: \(CertificateAuthority.shortNames), an issuer domain, or its ACME directory URL (--server); repeatable: a record naming any of them allows (a CA's several issuer domains).")
    var ca: [String] = []

    @Flag(help: "The certificate is a wildcard (*.domain): issuewild rules apply.")
    var wildcard = false

    @Option(name: .customLong("account-uri"), help: ArgumentHelp("Your ACME account URL, for accounturi= parameters.", valueName: "uri"))
    var accountURI: String?

    @Option(help: ArgumentHelp("The validation method, for validationmethods= parameters (dns-01, http-01, tls-alpn-01, …).", valueName: "method"),
            transform: ValidationMethod.argument)
    var method: ValidationMethod?

    /// Several `--ca` make one CA that has all their issuer domains; nil without `--ca`.
    func authority() throws(UnknownCertificateAuthority) -> CertificateAuthority? {
        var authorities: [CertificateAuthority] = []
        for name in ca { authorities.append(try CertificateAuthority(named: name)) }
        return CertificateAuthority(combining: authorities)
    }
}
