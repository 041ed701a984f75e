import DVBasics
import NIOConcurrencyHelpers

/// The CLI's stdout (one libc-style buffer) and its one-line errors on stderr.
enum Terminal {
    /// Commands print from concurrent tasks (bulk resolve): the one stdout buffer is shared under a lock.
    private static let output = NIOLockedValueBox(BufferedWriter(fileDescriptor: StandardStream.output.fileDescriptor))

    static func line(_ text: String) {
        if let refused = output.withLockedValue({ $0.write(text); $0.byte(0x0A); return $0.refusal == nil ? nil : $0 }) { outputRefused(refused) }
    }

    /// One line on stderr, after whatever stdout still holds.
    static func error(_ message: String) {
        flush()
        StandardStream.error.writeUnbuffered("dvtool: error: \(message)\n")
    }

    /// Report text for stderr (a hook's verdict, which clients show or log from there), after stdout.
    static func report(_ text: String) {
        flush()
        StandardStream.error.writeUnbuffered(text + "\n")
    }

    /// What a library kept beside its one-line error (OpenSSL's error queue), on stderr only when the
    /// environment sets DVTOOL_DEBUG=1: a user's error stays one line, a bug report gets the whole story.
    static func debug(_ detail: String) {
        guard !detail.isEmpty, environmentValue("DVTOOL_DEBUG") == "1" else { return }
        StandardStream.error.writeUnbuffered("dvtool: debug: \(detail)\n")
    }

    static func flush() {
        if let refused = output.withLockedValue({ $0.flush(); return $0.refusal == nil ? nil : $0 }) { outputRefused(refused) }
    }

    /// stdout's reader is gone (`… | head -1`) or its file cannot grow: nothing more can be said there, so the run
    /// ends instead of checking names nobody reads (`tail -f names | dvtool resolve --from -` would never end).
    /// EPIPE exits 141, silently, as a process killed by SIGPIPE would (dvtool ignores SIGPIPE for its sockets);
    /// anything else is one line on stderr and exit 2.
    private static func outputRefused(_ writer: BufferedWriter) -> Never {
        if writer.readerIsGone { exitProcess(141) }
        StandardStream.error.writeUnbuffered("dvtool: error: cannot write the output: \(errnoText(writer.refusal ?? 0))\n")
        exitProcess(ExitStatus.badInput.rawValue)
    }
}
