import DVBasics
import NIOConcurrencyHelpers

/// The CLI's stdout (one libc-style buffer) and its one-line errors on stderr.
enum Terminal {
    /// Commands print from concurrent tasks (bulk resolve): the one stdout buffer is shared under a lock.
    private static let output = NIOLockedValueBox(BufferedWriter(fileDescriptor: StandardStream.output.fileDescriptor))

    static func line(_ text: String) {
        output.withLockedValue { writer in
            writer.write(text)
            writer.byte(0x0A)
            endIfRefused(writer)
        }
    }

    /// One line on stderr, after whatever stdout still holds (said even when stdout's reader is gone).
    static func error(_ message: String) {
        writePending()
        StandardStream.error.writeUnbuffered("dvtool: error: \(message)\n")
    }

    /// Report text for stderr (a hook's verdict, which clients show or log from there), after stdout.
    static func report(_ text: String) {
        writePending()
        StandardStream.error.writeUnbuffered(text + "\n")
    }

    /// What a library kept beside its one-line error (OpenSSL's error queue), on stderr only when the
    /// environment sets DVTOOL_DEBUG=1: a user's error stays one line, a bug report gets the whole story.
    static func debug(_ detail: String) {
        guard !detail.isEmpty, environmentValue("DVTOOL_DEBUG") == "1" else { return }
        writePending()
        StandardStream.error.writeUnbuffered("dvtool: debug: \(detail)\n")
    }

    static func flush() {
        output.withLockedValue { writer in
            writer.flush()
            endIfRefused(writer)
        }
    }

    /// What stdout holds, before a line on stderr; a refusal does not end the process here, so that line is said.
    private static func writePending() { output.withLockedValue { $0.flush() } }

    /// stdout's reader is gone (`… | head -1`) or its file cannot grow: nothing more can be said there, so the run
    /// ends instead of checking names nobody reads (`tail -f names | dvtool resolve --from -` would never end).
    /// EPIPE exits 141, silently, as a process killed by SIGPIPE would (dvtool ignores SIGPIPE for its sockets);
    /// anything else is one line on stderr and exit 2. Decided under the lock, and `_exit`: of two tasks whose
    /// lines were refused one ends the process, with no exit handlers running beside NIO's threads.
    private static func endIfRefused(_ writer: BufferedWriter) {
        guard let refusal = writer.refusal else { return }
        if writer.readerIsGone { exitProcessAtOnce(141) }
        StandardStream.error.writeUnbuffered("dvtool: error: cannot write the output: \(errnoText(refusal))\n")
        exitProcessAtOnce(ExitStatus.badInput.rawValue)
    }
}
