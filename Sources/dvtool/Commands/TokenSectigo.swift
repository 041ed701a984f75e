import ArgumentParser
import DVCrypto
import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SectigoChallenge.Issuer: ExpressibleByArgument {}

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

    @Option(name: .customLong("unique-value"), help: ArgumentHelp(
        "The order's uniqueValue, if Sectigo shows one (up to 20 letters and digits).", valueName: "value"))
    var uniqueValue: String?

    @Option(help: ArgumentHelp("Domain in the file and the CNAME target: sectigo.com, or comodoca.com for older orders.",
                               valueName: "domain"))
    var issuer: SectigoChallenge.Issuer = .sectigo

    @OptionGroup var zone: TokenZoneOptions
    @OptionGroup(title: "Saving") var saving: TokenSaveOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let request: CertificateSigningRequest
        do {
            request = try CertificateSigningRequest(pemOrDER: try TokenInputFile.read(csr, what: "CSR"))
        } catch let error as CryptoError {
            Terminal.debug(error.detail)
            throw CLIError.badInput("\(csr): \(error.description)")
        }
        let inputs = domains.isEmpty ? request.names : domains
        guard !inputs.isEmpty else {
            throw CLIError.badInput("\(csr) names no domain (no subjectAltName, no commonName): give DOMAIN arguments")
        }
        var names: [TokenDomainName] = []
        for input in inputs where !names.contains(where: { $0.ascii == input.lowercased() }) {
            names.append(try TokenDomainName(input))
        }
        var report = TokenReport(kind: "sectigo", ca: "sectigo")
        report.domains = names.map { .init(ascii: $0.ascii, unicode: $0.unicode) }
        let now = Date()
        var firstHashes = true
        for name in names {
            let challenge: SectigoChallenge
            do {
                challenge = try SectigoChallenge(domain: name.domain, csrDER: request.der, uniqueValue: uniqueValue, issuer: issuer)
            } catch {
                throw CLIError.badInput(error.description)
            }
            if firstHashes {
                report.values = [("md5", "MD5 (DER CSR)", challenge.md5), ("sha256", "SHA-256 (DER CSR)", challenge.sha256)]
                if let uniqueValue { report.values.append(("uniqueValue", "uniqueValue", uniqueValue)) }
                firstHashes = false
            }
            report.add(challenge.record, domain: name.domain, zone: try zone.zone(for: name.domain))
            report.storedTokens.append(StoredToken(domain: name.ascii, method: .dnsCNAME, ca: "sectigo",
                                                   value: challenge.record.value, record: challenge.record.name, created: now))
            if let file = challenge.file {
                report.add(file, domain: name.domain)
                report.storedTokens.append(StoredToken(domain: name.ascii, method: .httpFile, ca: "sectigo",
                                                       value: challenge.sha256, path: file.path, body: file.body, created: now))
            } else {
                report.notes.append("no file for \(name.ascii): Sectigo does not accept file validation for wildcards")
            }
            let inCSR = request.names.contains(name.ascii) || request.names.contains("*." + name.ascii)
            if !domains.isEmpty && !inCSR {
                report.warnings.append("\(name.ascii) is not in the CSR (it names \(request.names.joined(separator: ", ")))")
            }
        }
        report.notes.append("the hashes change with every new CSR; Sectigo refuses a reused CSR without a new uniqueValue")
        report.notes.append("Sectigo checks the file over http or https (not both) and fails on redirects")
        try TokenOutput.finish(&report, options: saving, json: output.json)
    }
}
