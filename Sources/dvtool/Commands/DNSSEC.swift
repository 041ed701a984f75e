import ArgumentParser
import DVDomain
import DVChecks
import DVDNSSEC
import DVPresentation

struct DNSSECCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnssec",
        abstract: "Validate DNSSEC for a name from the trust anchor down, as every CA has since 2026-03-15.",
        discussion: """
            Walks the zone cuts from the root to the zone holding the name, asking each zone's servers directly: \
            the DS at the parent, the DNSKEY set it must match, and the signatures over the answer or over the \
            NSEC/NSEC3 proof that it does not exist. Verdicts: secure, insecure (proven unsigned), bogus (every CA \
            refuses: which link, which key, why, and the fix) or indeterminate (servers could not be asked).
            Exit codes: 0 secure or insecure, 1 bogus, 2 bad input, 3 could not check.
            """)

    @Argument(help: "The name to validate, e.g. _acme-challenge.example.com (IDN accepted).")
    var name: String

    @Option(help: "The record type to validate.")
    var type: DNSSECType = .a

    @Option(help: ArgumentHelp("Validate as of another moment: +7d, -12h, 2026-12-07, 2026-12-07T12:00:00Z, @SECONDS.", valueName: "time"))
    var at: String = "now"

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard ValidationMoment(parsing: at) != nil else {
            throw ValidationError("--at \"\(at)\" is not a moment: use now, +7d, -12h, 2026-12-07, 2026-12-07T12:00:00Z or @SECONDS")
        }
    }

    func run() async throws {
        let domain = try DomainInput(name)
        let moment = ValidationMoment(parsing: at)!
        let context = try await CheckContext(dns.settings, dnssec: .required)
        let report = await context.dnssec!.validate(domain.name, type: type.recordType, at: moment.secondsSince1970)
        await context.shutdown()
        try output.print(report) { DNSSECRendering.document(report, display: domain.display) }
        try ExitStatus.finish(report.status)
    }
}

/// `dnssec --type`: the types a CA looks up, and the DNSSEC types themselves.
enum DNSSECType: String, CaseIterable, ExpressibleByArgument {
    case a = "A", aaaa = "AAAA", txt = "TXT", caa = "CAA", cname = "CNAME", ns = "NS", soa = "SOA", ds = "DS", dnskey = "DNSKEY"

    init?(argument: String) { self.init(rawValue: argument.uppercased()) }

    var recordType: RecordType { RecordType(mnemonic: rawValue)! }
}
