import ArgumentParser
import DVBasics
import DVIDN

/// Not on the document seam (`Document`/`TextWriter`): idn is a filter that writes one line per name as it reads
/// it (`ASCII<TAB>UNICODE`, or one JSON object) straight to a buffered stdout, with errors on stderr in input
/// order, for pipelines over millions of names; a document would hold the whole input before writing anything.
/// Its format still comes from `OutputOptions` (text or JSON; no HTML, no --output).
struct IDNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idn",
        abstract: "Convert internationalized domain names between Unicode and ASCII (UTS #46, IDNA2008).",
        discussion: """
            Prints the ASCII (xn--) and Unicode forms of each name, after full validation: UTS #46 \
            non-transitional mapping, NFC, hyphen rules, CONTEXTJ/CONTEXTO, the Bidi rule and DNS lengths. \
            A leading `*.` and `_underscore` labels pass through. The direction is detected per name \
            (pure ASCII with an xn-- label: to Unicode; otherwise to ASCII) unless --to-ascii or --to-unicode is given.
            Names come from the arguments, from --from FILE ('-' for stdin), or from stdin when it is not a terminal; \
            one per line, streamed in order. Text output: `ASCII<TAB>UNICODE` per name; with --to-ascii or \
            --to-unicode only the converted name per line (as idn2 prints it, for pipelines). Errors go to stderr \
            with the line number. --json: one JSON object per line.
            Exit codes: 0 all names valid, 2 at least one name invalid or bad input.
            """)

    @Argument(help: "Domain names to convert.")
    var names: [String] = []

    @Flag(name: .customLong("to-ascii"), help: "Convert every name to ASCII (ToASCII); print only the result.")
    var toASCII = false

    @Flag(name: .customLong("to-unicode"), help: "Convert every name to Unicode (ToUnicode); print only the result.")
    var toUnicode = false

    @Option(name: .customLong("from"), help: ArgumentHelp("Read names from FILE, one per line ('-' for stdin).", valueName: "file"))
    var from: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if toASCII && toUnicode { throw ValidationError("give at most one of --to-ascii and --to-unicode") }
        if from != nil && !names.isEmpty { throw ValidationError("give either NAME arguments or --from FILE, not both") }
    }

    func run() async throws {
        try output.textOrJSON("idn")
        var batch = IDNBatch(json: output.isJSON, forced: toASCII ? .toASCII : (toUnicode ? .toUnicode : nil),
                             output: BufferedWriter(fileDescriptor: StandardStream.output.fileDescriptor), errors: BufferedWriter(fileDescriptor: StandardStream.error.fileDescriptor))
        defer { batch.output.flush() }
        if !names.isEmpty {
            for name in names { batch.convert(Array(name.utf8), line: nil) }
        } else {
            if from == nil && StandardStream.input.isTerminal {
                throw CLIError.badInput("give domain names as arguments, --from FILE, or pipe them on stdin")
            }
            let reader = try LineReader(path: from ?? "-")
            guard batch.run(reader) else {
                batch.output.flush()
                throw CLIError.badInput("reading \(from ?? "stdin") failed: \(errnoText(reader.readError ?? 0))")
            }
        }
        batch.output.flush()
        try ExitStatus.finish(.ok, badInput: batch.failures > 0)
    }
}
