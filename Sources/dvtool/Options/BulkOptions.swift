import ArgumentParser
import DVBasics
import DVDomain
import DVPresentation
import DVResolve

/// `--from FILE` and its company: a bulk run of `resolve`, `txt` or `doctor`, one result line per name, split over
/// many processes or machines with `--shard I/N` and finished after an interruption with `--resume FILE`
/// (docs/scale-out.md).
struct BulkOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: ArgumentHelp("Check every name in FILE (one per line, '-' for stdin), streaming one result per line.", valueName: "file"))
    var namesFile: String?

    @Option(help: "Names checked at once with --from.")
    var concurrency = 64

    @Option(help: ArgumentHelp("Check only shard I of N of the names (0 <= I < N), picked by SHA-256 of each name, so that N runs split the input.",
                               valueName: "I/N"),
            transform: { text in
                do throws(BulkShard.Invalid) { return try BulkShard(parsing: text) } catch { throw ValidationError(error.description) }
            })
    var shard: BulkShard = .whole

    @Option(help: ArgumentHelp("Append the results to FILE (with --json), skipping the names it already answers: rerun the same command after an interruption.",
                               valueName: "file"))
    var resume: String?

    /// Whether this is a bulk run.
    var isBulk: Bool { namesFile != nil }

    /// Refuses a NAME beside --from (or neither), the options outside a bulk run, --resume without the JSON lines it
    /// reads back, and --output for the stream of lines (it writes the HTML page only).
    func check(nameGiven: Bool, output: OutputOptions) throws {
        guard nameGiven != isBulk else { throw ValidationError("give either a NAME or --from FILE") }
        let json = output.isJSON
        if isBulk, output.file != nil, output.chosen != .html {
            throw ValidationError("--output with --from writes the HTML page (--format html); send the stream of lines to a file with > FILE or --resume FILE")
        }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 4096") }
        if !isBulk, shard != .whole { throw ValidationError("--shard splits a --from run: give --from FILE") }
        if !isBulk, resume != nil { throw ValidationError("--resume continues a --from run: give --from FILE") }
        if resume != nil, !json { throw ValidationError("--resume reads and writes JSON lines: add --json") }
    }

    /// Every name of --from through `check`, `concurrency` at a time, one line each on stdout (or appended to the
    /// --resume file), or with --format html gathered into one page; the closing tally on stderr.
    func run<Report: BulkRow>(output: OutputOptions,
                              check: @escaping @Sendable (DomainInput) async -> Report) async throws(UserFailure) -> BulkTally {
        try await run(output: output, namesPerCheck: 1) { names in [await check(names[0])] }
    }

    /// The same, `namesPerCheck` names handed to each `checkAll` call (one report per name, in order).
    func run<Report: BulkRow>(output: OutputOptions, namesPerCheck: Int,
                              checkAll: @escaping @Sendable ([DomainInput]) async -> [Report]) async throws(UserFailure) -> BulkTally {
        let resume = try resume.map { path throws(UserFailure) in try BulkResume(path: path) }
        let batch = BulkBatch(concurrency: concurrency, shard: shard, answered: resume?.answered ?? [], namesPerCheck: namesPerCheck,
                              check: checkAll)
        let page = output.chosen == .html ? BulkPage<Report>() : nil
        let tally = try await BulkTally.run(batch, namesIn: namesFile ?? "-", json: output.isJSON, resume: resume,
                                            collect: page.map { page in page.add }, print: Terminal.line, flush: Terminal.flush)
        if let page { try output.page(page.document(tally), json: page.json) }
        return tally
    }

}
