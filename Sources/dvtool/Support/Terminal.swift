import DVBasics
import NIOConcurrencyHelpers

/// The CLI's stdout (one libc-style buffer) and its one-line errors on stderr.
enum Terminal {
    /// Commands print from concurrent tasks (bulk resolve): the one stdout buffer is shared under a lock.
    private static let output = NIOLockedValueBox(BufferedWriter(fileDescriptor: StandardStream.output.fileDescriptor))

    static func line(_ text: String) { output.withLockedValue { $0.write(text); $0.byte(0x0A) } }

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

    static func flush() { output.withLockedValue { $0.flush() } }
}
