import ArgumentParser
import DVToken

struct TokenSectigoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sectigo",
        abstract: "Sectigo's CNAME record and pki-validation file from the CSR's MD5 and SHA-256.",
        discussion: """
            Hashes the DER form of the CSR (as `openssl req -outform DER` writes it) and prints, for each domain, \
            the CNAME _MD5.DOMAIN → SHA256[0:32].SHA256[32:64][.uniqueValue].sectigo.com. and the file \
            /.well-known/pki-validation/MD5.txt (SHA-256, sectigo.com and the uniqueValue on separate lines). \
            Hex is upper case. Without DOMAIN arguments every name in the CSR is used.
            Example:
              dvtool token sectigo --csr example.csr www.example.com --unique-value aHXEOOEh
            """)

    @Argument(help: "Domains to validate (default: the CSR's subjectAltName DNS names, else its commonName).")
    var domains: [String] = []

    @Option(help: ArgumentHelp("The CSR file submitted to Sectigo (PEM or DER).", valueName: "file"))
    var csr: String

    @Option(name: .customLong("unique-value"), help: ArgumentHelp("The order's uniqueValue, if Sectigo shows one (up to 20 letters and digits).", valueName: "value"))
    var uniqueValue: String?

    @Option(help: ArgumentHelp("Domain in the file and the CNAME target: sectigo.com, or comodoca.com for older orders.", valueName: "domain"))
    var issuer: SectigoChallenge.Issuer = .sectigo

    @OptionGroup var publishing: TokenPublishingOptions

    func run() async throws {
        let request = try TokenInputFile.signingRequest(csr)
        let inputs = domains.isEmpty ? request.names : domains
        guard !inputs.isEmpty else {
            throw CLIError.badInput("\(csr) names no domain (no subjectAltName, no commonName): give DOMAIN arguments")
        }
        var names: [TokenName] = []
        for input in inputs where !names.contains(where: { $0.ascii == input.lowercased() }) {
            names.append(try TokenName(input))
        }
        let zone = try publishing.zone.asciiZone()
        let report = try TokenReport.sectigo(for: names, request: request, namesGiven: !domains.isEmpty, uniqueValue: uniqueValue,
                                             issuer: issuer, zone: zone)
        try publishing.publishAndPrint(report)
    }
}
