import ArgumentParser
import DVCAA
import DVChecks
import DVDomain
import DVDNSSEC
import DVMethod
import DVPerspective
import DVPresentation
import FoundationEssentials

struct MPICCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpic",
        abstract: "Check a domain from several network perspectives with the CA's quorum rules (multi-perspective corroboration).",
        discussion: """
            Runs the check at the primary perspective, then, only if it passed, at every remote one from --perspectives \
            FILE (lines `[primary] CODE RIR command ARGS…|ssh HOST|local`), applies the quorum (2–5 remotes: one may \
            fail; 6 or more: two) and the two-RIR rule, and prints each perspective and what the CA would say \
            ("During secondary validation: …"). A silent or broken perspective counts as failed. The BR 3.2.2.9 minimum \
            of the day (or --at) applies too: 3 remotes from 2026-03-15, 4 from 2026-06-15, 5 from 2026-12-15. \
            docs/perspectives.md.
            Exit codes: 0 valid, 1 not valid, 2 bad input (a config error names its line).
            """)

    @Argument(help: "dcv or caa.")
    var check: MPICRequest.CheckType

    @Argument(help: "The domain to check.")
    var domain: String

    @Option(name: .customLong("perspectives"), help: ArgumentHelp("The perspectives file.", valueName: "file"))
    var perspectivesFile: String

    // A transformed option shows no default of its own: the help says it.
    @Option(help: ArgumentHelp("dcv: acme-dns-01, dns-account-01, dns-persist-01, dns-change, acme-http-01 or website-change. (default: \(Self.defaultMethod.openMPICName))", valueName: "method"),
            transform: ValidationMethod.argument)
    var method = Self.defaultMethod
    static let defaultMethod = ValidationMethod.dns01

    @Option(name: .customLong("value"), help: "The expected value: key authorization hash (acme-dns-01, dns-account-01), key authorization (acme-http-01), challenge value.")
    var value: String?

    @Option(help: "acme-http-01: the token; website-change: the file name under /.well-known/pki-validation/.")
    var token: String?

    @Option(help: "dns-change: the label before the domain (e.g. _dnsauth).")
    var prefix: String?

    @Option(name: .customLong("record-type"), help: ArgumentHelp("dns-change: TXT, CNAME or CAA.", valueName: "type"))
    var recordType = "TXT"

    @Option(name: .customLong("account-url"), help: ArgumentHelp("dns-account-01, dns-persist-01: the ACME account URL (the label's source; the accounturi the record must carry).", valueName: "url"))
    var accountURL: String?

    @Option(help: "dns-persist-01: the CA (\(CertificateAuthority.shortNames), or an issuer domain) whose issuer domain the record names; repeatable.")
    var ca: [String] = []

    @Option(name: .customLong("caa-domain"), help: ArgumentHelp("caa: an issuer domain the CA uses (repeatable).", valueName: "domain"))
    var caaDomains: [String] = []

    @Option(name: .customLong("perspective-timeout"), help: ArgumentHelp("Seconds one perspective may take.", valueName: "seconds"))
    var perspectiveTimeout: Double = 20

    @Option(help: ArgumentHelp("Judge by the BR rules of this day (2026-12-15, +30d; default now).", valueName: "date"))
    var at: String?

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var reserved: ReservedAddressOption
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let request = try MPICRequest(check, domain: try DomainInput(domain).name.description, method: method, value: value,
                                      token: token, prefix: prefix, recordType: recordType, caaDomains: caaDomains,
                                      accountURL: accountURL, issuerDomains: try ca.flatMap { try CertificateAuthority(named: $0).issuerDomains })
        let day = CalendarDay(secondsSince1970: try ValidationMoment(option: "--at", at ?? "now").secondsSince1970)
        let config = try PerspectiveConfig(file: perspectivesFile)
        let context = try await CheckContext(reserved.applied(to: dns.settings), dnssec: .off)
        var report = await Coordinator(config: config, local: PerspectiveAgent(code: "primary", context: context, primary: true),
                                       perspectiveTimeout: perspectiveTimeout, environment: ProcessInfo.processInfo.environment).run(request)
        report.applyCalendar(on: day)
        await context.shutdown()
        try output.print(report) { MPICRendering.document(report) }
        try ExitStatus.finish(report.status)
    }
}

extension MPICRequest.CheckType: ExpressibleByArgument {}
