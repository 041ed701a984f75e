import ArgumentParser
import DVBasics
import DVDNS
import DVChecks
import DVPresentation
import DVToken

struct TXTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "txt",
        abstract: "Prove TXT challenge values are on every authoritative server before asking the CA.",
        discussion: """
            Traces the effective name (CNAME chain, delegated sub-zone, wildcard capture, doubled label), asks every \
            address of every authoritative server of the zone holding it (RD=0), and only when all of them have every \
            expected value, the recursive resolvers. With --ca it also runs the CAA check.
            Exit codes: 0 all good, 1 a value is missing (or --wait timed out), 2 bad input, 3 could not check.
            """)

    @Argument(help: "The record name, e.g. _acme-challenge.example.com (IDN accepted); with --account-url, the domain.")
    var name: String

    @Option(name: .customLong("account-url"), help: ArgumentHelp("dns-account-01: derive the record name from this ACME account URL.", valueName: "url"))
    var accountURL: String?

    @Option(name: .customLong("expect"), help: ArgumentHelp("A value that must be present; repeatable (apex + wildcard need two).", valueName: "value"))
    var expectedValues: [String] = []

    @Flag(help: "Poll until every authoritative server, then every resolver, has the values.")
    var wait = false

    // `--timeout` is per server, as in every command; the whole wait has a name of its own.
    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("With --wait: give up after this long (e.g. 90s, 10m).", valueName: "duration"))
    var waitTimeout = TypedDuration(seconds: 600)

    @Option(help: ArgumentHelp("With --wait: time between rounds.", valueName: "duration"))
    var interval = TypedDuration(seconds: 10)

    @OptionGroup(title: "CAA Options") var caa: CAAOptions
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard interval.seconds >= 0.2 else { throw ValidationError("--interval must be at least 0.2 s") }
        for value in expectedValues where value.isEmpty { throw ValidationError("--expect needs a non-empty value") }
    }

    func run() async throws {
        let domain = try DomainInput(try recordName())
        let ca = try caa.authority()
        let context = try await CheckContext(dns.settings)
        // Without --wait one round is all: a zero timeout. Decided before the CAA check: a CAA refusal after a
        // successful wait is not a timeout.
        let progress = WaitProgress(enabled: wait && !output.json)
        let waited = try await context.txtChecker.waitUntilReady(
            domain.name, expected: expectedValues, timeout: wait ? waitTimeout.duration : .zero, interval: interval.duration,
            progress: progress.show)
        var report = waited.report
        progress.finish()
        if let ca {
            let caaDomain = try domain.name.certificateName(wildcard: caa.wildcard || (accountURL != nil && name.hasPrefix("*.")))
            report.caa = await context.caaChecker.check(caaDomain, ca: ca, accountURI: caa.accountURI, method: caa.method)
            if report.caa?.decision != .allowed, report.status == .ok { report.status = .problem }
        }
        await context.shutdown()
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : TXTRendering.text(report, display: domain.display))
        if wait && waited.gaveUp && !output.json {
            Terminal.line("gave up after \(waitTimeout): not every server has the values yet")
        }
        try ExitStatus.finish(report.status)
    }

    /// NAME, or with --account-url the dns-account-01 record name of the domain NAME.
    private func recordName() throws -> String {
        guard let accountURL else { return name }
        guard !name.hasPrefix("_") else {
            throw CLIError.badInput("with --account-url give the domain (e.g. example.com), not a record name: dvtool derives _LABEL._acme-challenge.example.com from the URL")
        }
        let domain = try TokenName(name).domain
        do {
            let label = try ACMEAccountURL(accountURL).dnsAccountLabel()
            return domain.validationName(.dnsAccount01, accountLabel: label)
        } catch {
            throw CLIError.badInput(error.description)
        }
    }
}
