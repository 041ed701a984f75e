import ArgumentParser
import DVTXT

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
}
