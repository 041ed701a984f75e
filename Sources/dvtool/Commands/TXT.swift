import ArgumentParser
import DVBasics
import DVDNS
import DVChecks
import DVPresentation

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

    @Argument(help: "The record name, e.g. _acme-challenge.example.com (IDN accepted).")
    var name: String

    @Option(name: .customLong("expect"), help: ArgumentHelp("A value that must be present; repeatable (apex + wildcard need two).", valueName: "value"))
    var expectedValues: [String] = []

    @Flag(help: "Poll until every authoritative server, then every resolver, has the values (--wait-timeout and --interval imply it).")
    var wait = false

    // `--timeout` is per server, as in every command; the whole wait has a name of its own.
    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("Wait, and give up after this long (e.g. 90s, 10m; default with --wait: 10m).", valueName: "duration"))
    var givenWaitTimeout: TypedDuration?

    @Option(name: .customLong("interval"), help: ArgumentHelp("Wait, with this long between rounds (default with --wait: 10s).", valueName: "duration"))
    var givenInterval: TypedDuration?

    /// Either of the wait's settings asks for the wait: given alone, they would otherwise do nothing.
    var waits: Bool { wait || givenWaitTimeout != nil || givenInterval != nil }
    var waitTimeout: TypedDuration { givenWaitTimeout ?? TypedDuration(seconds: 600) }
    var interval: TypedDuration { givenInterval ?? TypedDuration(seconds: 10) }

    @OptionGroup(title: "CAA Options") var caa: CAAOptions
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard interval.seconds >= 0.2 else { throw ValidationError("--interval must be at least 0.2 s") }
        for value in expectedValues where value.isEmpty { throw ValidationError("--expect needs a non-empty value") }
    }

    func run() async throws {
        let domain = try DomainInput(name)
        let ca = try caa.authority()
        let context = try await CheckContext(dns.settings)
        // Without a wait one round is all: a zero timeout. Decided before the CAA check: a CAA refusal after a
        // successful wait is not a timeout.
        let progress = WaitProgress(enabled: waits && !output.json)
        let waited = try await context.txtChecker.waitUntilReady(
            domain.name, expected: expectedValues, timeout: waits ? waitTimeout.duration : .zero, interval: interval.duration,
            progress: progress.show)
        var report = waited.report
        progress.finish()
        if let ca {
            let caaDomain = try domain.name.certificateName(wildcard: caa.wildcard)
            let caaReport = await context.caaChecker.check(caaDomain, ca: ca, accountURI: caa.accountURI, method: caa.method)
            report.caa = caaReport
            report.status = .combining([report.status, caaReport.status])
        }
        await context.shutdown()
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : TXTRendering.text(report, display: domain.display))
        if waits && waited.gaveUp && !output.json {
            Terminal.line("gave up after \(waitTimeout): not every server has the values yet")
        }
        try ExitStatus.finish(report.status)
    }
}
