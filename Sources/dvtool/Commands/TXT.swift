import ArgumentParser
import DVBasics
import DVCAA
import DVDomain
import DVDNSSEC
import DVChecks
import DVMethod
import DVPresentation
import DVToken
import DVTXT

struct TXTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "txt",
        abstract: "Prove TXT challenge values are on every authoritative server before asking the CA.",
        discussion: """
            Traces the effective name (CNAME chain, delegated sub-zone, wildcard capture, doubled label), asks every \
            address of every authoritative server of the zone holding it (RD=0), and only when all of them have every \
            expected value, the recursive resolvers. With --ca it also runs the CAA check.
            With --account-url (dns-account-01) NAME is the domain (example.com or *.example.com) and the record \
            name _LABEL._acme-challenge.example.com is derived from the ACME account URL.
            With --persist (dns-persist-01) NAME is the domain: the records at _validation-persist.DOMAIN are judged \
            on every server as the CA (--ca) judges them for the account (--account-url; the plain URL, or \
            draft-02's hashed form with --account-hash-prefix and --key), at --at (default now); --wait waits until \
            every server serves a record the CA accepts.
            With --from FILE, every record name in FILE (one per line) with the same --expect values, one result line \
            each, as `resolve --from` (--shard, --resume: docs/scale-out.md).
            Exit codes: 0 all good, 1 a value is missing (or --wait timed out), 2 bad input, 3 could not check.
            """)

    @Argument(help: "The record name, e.g. _acme-challenge.example.com (IDN accepted); with --account-url or --persist, the domain (omit with --from).")
    var name: String?

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

    @Flag(help: "dns-persist-01: judge the _validation-persist records for --ca and --account-url.")
    var persist = false

    @Option(help: ArgumentHelp("With --persist: the validation time (now, +30d, 2027-06-01).", valueName: "date"))
    var at: String?

    @OptionGroup(title: "Bulk Options") var bulk: BulkOptions
    @OptionGroup(title: "Account (dns-account-01, dns-persist-01)") var account: PersistAccountOptions
    @OptionGroup(title: "CAA Options") var caa: CAAOptions
    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard interval.seconds >= 0.2 else { throw ValidationError("--interval must be at least 0.2 s") }
        for value in expectedValues where value.isEmpty { throw ValidationError("--expect needs a non-empty value") }
        try bulk.check(nameGiven: name != nil, output: output)
        if bulk.isBulk, waits || persist || account.accountURL != nil || !caa.ca.isEmpty {
            throw ValidationError("--from checks the challenge values of each record name: --wait, --persist, --account-url and --ca are for one NAME")
        }
        if persist {
            guard !caa.ca.isEmpty else { throw ValidationError("--persist needs --ca: the CA whose issuer domain the record must name") }
            guard expectedValues.isEmpty else { throw ValidationError("--persist judges the standing record: --expect is for challenge values") }
        } else if at != nil || account.accountHashPrefix != nil || account.key != nil {
            throw ValidationError("--at, --account-hash-prefix and --key are for --persist")
        }
    }

    func run() async throws {
        guard !bulk.isBulk else { return try await runBulk() }
        let domain = try DomainInput(try recordName())
        let ca = try caa.authority()
        let context = try await CheckContext(dns.settings)
        // Without a wait one round is all: a zero timeout. Decided before the CAA check: a CAA refusal after a
        // successful wait is not a timeout.
        let progress = WaitProgress(enabled: waits && output.chosen == .text)
        let timeout = waits ? waitTimeout.duration : .zero
        var (report, gaveUp) = if persist, let ca {
            try await context.txtChecker.waitUntilPersistReady(
                domain.name, expecting: try persistExpectation(ca, domain: domain), caName: ca.name, timeout: timeout,
                interval: interval.duration, progress: progress.show)
        } else {
            try await context.txtChecker.waitUntilReady(domain.name, expected: expectedValues, timeout: timeout,
                                                        interval: interval.duration, progress: progress.show)
        }
        progress.finish()
        if let ca {
            let caaDomain = try domain.name.certificateName(wildcard: caa.wildcard || isWildcard)
            // CAA's accounturi (RFC 8657) is the plain account URL, whichever form the persist record carries.
            report.include(await context.caaChecker.check(caaDomain, ca: ca, accountURI: caa.accountURI ?? account.accountURL,
                                                          method: (caa.method ?? impliedMethod)?.rawValue))
        }
        await context.shutdown()
        try output.print(report) {
            var document = TXTRendering.document(report, display: domain.display)
            if waits && gaveUp { document.append(.line("gave up after \(waitTimeout): not every server has \(persist ? "a record the CA accepts" : "the values") yet")) }
            return document
        }
        try ExitStatus.finish(report.status)
    }

    /// `--from`: every record name's TXT report, one line each, with the same --expect values.
    private func runBulk() async throws {
        let context = try await CheckContext(dns.settings)
        let tally = try await bulk.run(output: output) { [checker = context.txtChecker, expected = expectedValues] record in
            await checker.check(record.name, expected: expected)
        }
        await context.shutdown()
        try ExitStatus.finish(tally.worstStatus, badInput: tally.badLines > 0)
    }

    /// What the dns-persist-01 record at `domain` must say for `ca` and the account, at --at.
    private func persistExpectation(_ ca: CertificateAuthority, domain: DomainInput) throws -> PersistExpectation {
        PersistExpectation(issuerDomains: ca.issuerDomains,
                           accountURIs: try account.acceptedURIs(domain: domain.name.parent.description.withoutTrailingDot),
                           wildcard: isWildcard, validationTime: try ValidationMoment(option: "--at", at ?? "now").secondsSince1970)
    }

    /// The method --persist or --account-url stands for, for CAA's validationmethods; nil for a plain TXT check.
    private var impliedMethod: ValidationMethod? {
        persist ? .dnsPersist01 : account.accountURL != nil ? .dnsAccount01 : nil
    }

    /// Whether NAME is a wildcard domain given to --account-url or --persist (validated at its base name).
    private var isWildcard: Bool { impliedMethod != nil && name?.hasPrefix("*.") == true }

    /// NAME, or the record name of the domain NAME: dns-persist-01's with --persist, dns-account-01's with --account-url.
    private func recordName() throws -> String {
        let name = name ?? ""
        guard impliedMethod != nil else { return name }
        let label = ValidationMethod.dnsPersist01.dnsLabel ?? ""
        let given = persist && name.lowercased().hasPrefix(label + ".") ? String(name.dropFirst(label.count + 1)) : name
        guard !given.hasPrefix("_") else {
            throw CLIError.badInput("with \(persist ? "--persist" : "--account-url") give the domain (e.g. example.com), not a record name: dvtool derives the record name")
        }
        let domain = try TokenName(given).domain
        if persist { return domain.validationName(.dnsPersist01) }
        do {
            return domain.validationName(.dnsAccount01, accountLabel: try account.account(for: "--account-url").dnsAccountLabel())
        } catch let error as TokenError {
            throw CLIError.badInput(error.description)
        }
    }
}
