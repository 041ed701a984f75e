import ArgumentParser
import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The CA styles `token random` knows; each picks where the TXT record goes.
enum TokenCA: String, CaseIterable {
    case generic, digicert, alibaba

    /// DigiCert looks at the domain itself (and `_dnsauth.`); Alibaba Cloud's console uses `_dnsauth`.
    var defaultLocation: GenericChallenge.RecordLocation {
        self == .alibaba ? .dnsauth : .domain
    }

    init?(name argument: String) {
        let key = argument.lowercased()
        // DigiCert's brands and Alibaba Cloud's other names validate the same way.
        let aliases: [String: TokenCA] = ["geotrust": .digicert, "rapidssl": .digicert, "thawte": .digicert,
                                          "aliyun": .alibaba, "alibabacloud": .alibaba, "alibaba-cloud": .alibaba]
        guard let ca = TokenCA(rawValue: key) ?? aliases[key] else { return nil }
        self = ca
    }
}

extension GenericChallenge.RecordLocation: ExpressibleByArgument {}

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

    @Option(help: ArgumentHelp("CA style: generic, digicert (also geotrust, rapidssl, thawte), alibaba (aliyun); for ACME CAs use `token acme`, for Sectigo `token sectigo`.",
                               valueName: "ca"))
    var ca = TokenCA.generic

    @Option(help: ArgumentHelp("Where the TXT record goes: domain or dnsauth (default: by --ca).", valueName: "where"))
    var record: GenericChallenge.RecordLocation?

    @Option(help: ArgumentHelp("Use this value (as the CA shows it) instead of a random one.", valueName: "value"))
    var value: String?

    @Option(help: ArgumentHelp("Random bits, a multiple of 8 from 128 to 1024.", valueName: "n"))
    var bits = GenericChallenge.minimumBits

    @OptionGroup var zone: TokenZoneOptions
    @OptionGroup(title: "Saving") var saving: TokenSaveOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (GenericChallenge.minimumBits...1024).contains(bits), bits % 8 == 0 else {
            throw ValidationError("--bits must be a multiple of 8 from \(GenericChallenge.minimumBits) to 1024, got \(bits)")
        }
        if value != nil && bits != GenericChallenge.minimumBits {
            throw ValidationError("give --value or --bits, not both")
        }
    }

    func run() async throws {
        let name = try TokenDomainName(domain)
        let zone = try zone.zone(for: name.domain)
        let challenge: GenericChallenge
        do {
            let chosen: String
            if let value { chosen = value } else { chosen = try GenericChallenge.randomValue(bits: bits) }
            challenge = try GenericChallenge(domain: name.domain, value: chosen, location: record ?? ca.defaultLocation)
        } catch {
            throw CLIError.badInput(error.description)
        }
        var report = TokenReport(kind: "random", ca: ca.rawValue)
        report.domains = [.init(ascii: name.ascii, unicode: name.unicode)]
        report.values = [("value", "Value", challenge.value),
                         ("source", "Source", value == nil ? "random, \(bits) bits from OpenSSL's CSPRNG" : "given with --value")]
        report.add(challenge.record, domain: name.domain, zone: zone)
        let now = Date()
        var stored = [StoredToken(domain: name.ascii, method: .dnsTXT, ca: ca.rawValue, value: challenge.value,
                                  record: challenge.record.name, created: now)]
        if let file = challenge.file {
            report.add(file, domain: name.domain)
            stored.append(StoredToken(domain: name.ascii, method: .httpFile, ca: ca.rawValue, value: challenge.value,
                                      path: file.path, body: file.body, created: now))
        } else {
            report.notes.append("no file: file validation cannot prove a wildcard (BR 3.2.2.4.18); use the TXT record")
        }
        switch (ca, challenge.location) {
        case (.digicert, .domain):
            report.notes.append("DigiCert also accepts the TXT record at \(name.domain.fqdn(prefix: "_dnsauth"))")
        case (.generic, _):
            report.notes.append("publish the record where your CA says; --record dnsauth puts it at \(name.domain.fqdn(prefix: "_dnsauth"))")
        default: break
        }
        report.notes.append("a random value is good for 30 days (BR 3.2.2.4.7); the file is checked at that exact host, over http or https")
        report.storedTokens = stored
        try TokenOutput.finish(&report, options: saving, json: output.json)
    }
}
