import Glibc

/// The process's three standard streams, so the executable needs no libc import of its own.
public enum StandardStream: Int32, Sendable {
    case input = 0
    case output = 1
    case error = 2

    public var fileDescriptor: Int32 { rawValue }

    /// Whether a person is there: progress lines, colours and confirmation prompts depend on it.
    public var isTerminal: Bool { isatty(rawValue) == 1 }

    /// Straight to the descriptor, past any buffer: prompts and progress lines must show at once.
    public func writeUnbuffered(_ text: String) { writeAll(Array(text.utf8), to: rawValue) }
}

/// A variable of the process environment, read without Foundation.
public func environmentValue(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

/// Ends the process with `status` (exit(3): buffers of libc are flushed, atexit handlers run).
public func exitProcess(_ status: Int32) -> Never { exit(status) }

/// Ends the process with `status` now (_exit(2)): no exit handlers, no libc buffers (dvtool keeps none for stdout).
public func exitProcessAtOnce(_ status: Int32) -> Never { _exit(status) }
