import ArgumentParser
import DVBasics
import DVChecks
import DVDNS
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

    @Option(name: .customLong("from"), help: ArgumentHelp("Check every name in FILE (one per line, '-' for stdin), streaming one result per line.", valueName: "file"))
    var namesFile: String?

    @Option(help: "Names checked at once with --from.")
    var concurrency = 64

    @OptionGroup(title: "Bulk Options") var bulk: BulkOptions

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (name == nil) != (namesFile == nil) else {
            throw ValidationError("give either a NAME or --from FILE")
        }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 4096") }
        try bulk.check(bulk: namesFile != nil, json: output.json)
    }

    func run() async throws {
        let domain = try name.map { text throws(CLIError) in try DomainInput(text) }
        let context = try await CheckContext(dns.settings, dnssec: domain == nil ? .off : .ifAsked)
        let checker = context.resolveChecker(types: recordType.map { [$0.recordType] } ?? [.a, .aaaa])
        let status: CheckStatus
        var badLines = false
        if let domain {
            let report = await checker.check(domain.name, expected: expected.addresses)
            Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : ResolveRendering.text(report, display: domain.display))
            status = report.status
        } else {
            // The worst of the batch: a bad line (2) over could-not-check (3) over a problem (1).
            let resume = try bulk.resume.map { path throws(UserFailure) in try BulkResume(path: path) }
            let batch = ResolveBatch(checker: checker, expected: expected.addresses, concurrency: concurrency,
                                     shard: bulk.shard, answered: resume?.answered ?? [])
            let tally = try await BulkTally.run(batch, namesIn: namesFile!, json: output.json, resume: resume, print: Terminal.line)
            status = tally.worstStatus
            badLines = tally.badLines > 0
        }
        await context.shutdown()
        try ExitStatus.finish(status, badInput: badLines)
    }
}
