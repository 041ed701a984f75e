import ArgumentParser
import DVBasics
import DVChecks
import DVDomain
import DVPresentation
import DVReport
import DVResolve

struct ResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Check that a name points at the expected IP on every authoritative server and resolver.",
        discussion: """
            Walks the delegation from the root, asks every address of every authoritative nameserver directly \
            (RD=0) for A and AAAA, then the recursive resolvers, and names what would make a CA fail: servers \
            that disagree, a wrong AAAA, lame servers, NS mismatches, CNAME loops, NXDOMAIN vs NODATA.
            Exit codes: 0 all good, 1 a problem was found, 2 bad input, 3 could not check.
            """)

    @Argument(help: "The domain name to check (omit with --from).")
    var name: String?

    @OptionGroup var expected: ExpectedAddressOptions

    @Option(name: .customLong("type"), help: ArgumentHelp("Check only A or only AAAA records (default: both).", valueName: "A|AAAA"))
    var recordType: AddressType?

    @OptionGroup(title: "Bulk Options") var bulk: BulkOptions

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try bulk.check(nameGiven: name != nil, output: output)
    }

    func run() async throws {
        let domain = try name.map { text throws(CLIError) in try DomainInput(text) }
        let context = try await CheckContext(dns.settings, dnssec: domain == nil ? .off : .ifAsked)
        let checker = context.resolveChecker(types: recordType.map { [$0.recordType] } ?? [.a, .aaaa])
        let status: CheckStatus
        var badLines = false
        if let domain {
            let report = await checker.check(domain.name, expected: expected.addresses)
            try output.print(report) { ResolveRendering.document(report, display: domain.display) }
            status = report.status
        } else {
            let tally = try await bulk.run(output: output, namesPerCheck: ResolveChecker.namesPerCheck) { [expected = expected.addresses] domains in
                await checker.check(domains.map(\.name), expected: expected)
            }
            status = tally.worstStatus
            badLines = tally.badLines > 0
        }
        await context.shutdown()
        try ExitStatus.finish(status, badInput: badLines)
    }
}
