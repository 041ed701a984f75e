import ArgumentParser
import DVResolve

/// `--shard I/N` and `--resume FILE`: splitting one bulk run over many processes or machines, and finishing one
/// that was interrupted (docs/scale-out.md).
struct BulkOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Check only shard I of N of the names (0 <= I < N), picked by SHA-256 of each name, so that N runs split the input.",
                               valueName: "I/N"),
            transform: { text in
                do throws(BulkShard.Invalid) { return try BulkShard(parsing: text) } catch { throw ValidationError(error.description) }
            })
    var shard: BulkShard = .whole

    @Option(help: ArgumentHelp("Append the results to FILE (with --json), skipping the names it already answers: rerun the same command after an interruption.",
                               valueName: "file"))
    var resume: String?

    /// Refuses the options outside a bulk run, and --resume without the JSON lines it reads back.
    func check(bulk: Bool, json: Bool) throws {
        if !bulk, shard != .whole { throw ValidationError("--shard splits a --from run: give --from FILE") }
        if !bulk, resume != nil { throw ValidationError("--resume continues a --from run: give --from FILE") }
        if resume != nil, !json { throw ValidationError("--resume reads and writes JSON lines: add --json") }
    }
}
