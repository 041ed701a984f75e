import Glibc

/// Reads a file or stdin line by line in bounded memory (1 MiB blocks): a line longer than
/// `maximumLineLength` is cut there, flagged, and the rest of it skipped unread into memory.
/// The line reader of `resolve --from` and `idn --from`.
public final class LineReader {
    public static let maximumLineLength = 4096
    private static let blockSize = 1 << 20

    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Line: Sendable {
        public let number: Int
        public let text: String
        public let tooLong: Bool
    }

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var skippingRestOfLine = false
    public private(set) var lineNumber = 0
    /// errno of a failed read(2); reading stops there.
    public private(set) var readError: Int32?

    /// `-` means stdin.
    public init(path: String) throws(OpenError) {
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            // dvtool started with stdin closed (`<&-`): descriptor 0 is then what the process opened first (an event
            // loop's epoll), never inherited, so close-on-exec. Waiting on it or reading it would take another
            // part's input: the input ends at once, as a read of the closed descriptor would.
            let flags = fcntl(STDIN_FILENO, F_GETFD)
            if flags < 0 || flags & FD_CLOEXEC != 0 {
                readError = EBADF
                atEnd = true
            }
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw OpenError(description: "cannot read \(path): \(errnoText())") }
            descriptor = opened
            ownsDescriptor = true
        }
        buffer = [UInt8](repeating: 0, count: Self.blockSize + Self.maximumLineLength + 1)
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// What `next(ifReady:)` found.
    public enum Ready {
        case line(Line)
        /// No whole line is buffered and read(2) would block (a pipe whose writer has not sent more yet).
        case notYet
        case end
    }

    /// The next line as text (invalid UTF-8 replaced), without its line break; waits for it.
    public func next() -> Line? {
        guard case let .line(line) = next(ifReady: false) else { return nil }
        return line
    }

    /// The next line when it is buffered or can be read without blocking; with `ifReady` false, waits for it.
    /// A file is always ready; a pipe is ready when its writer has sent more (or closed it).
    public func next(ifReady: Bool) -> Ready {
        var line: Line?
        let step = step(blocking: !ifReady) { bytes, tooLong in
            var length = bytes.count
            while length > 0, bytes[length - 1] == 0x0D { length -= 1 }
            line = Line(number: lineNumber, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self),
                        tooLong: tooLong)
        }
        return switch step {
        case .line: .line(line!)
        case .notYet: .notYet
        case .end: .end
        }
    }

    /// Hands the next line's bytes (without the newline; at most `maximumLineLength`) to `body`; false at the end.
    public func nextBytes(_ body: (UnsafeBufferPointer<UInt8>, _ tooLong: Bool) -> Void) -> Bool {
        step(blocking: true, body) == .line
    }

    /// The input's readiness, to wait for from another task.
    public var readiness: Readiness { Readiness(descriptor: descriptor) }

    /// Waits for more of the reader's input, so that `next(ifReady: true)` has something new to say.
    public struct Readiness: Sendable {
        let descriptor: Int32

        /// Returns once a read would not block (more input, its end or an error). The wait runs on a thread of its
        /// own: a pipe can stay silent for hours, and Swift's cooperative pool has only a thread per core.
        public func wait() async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let started = startDetachedThread { [descriptor] in
                    LineReader.poll(descriptor, timeout: -1)
                    continuation.resume()
                }
                // No thread to be had (a process limit): waiting here beats not reading.
                if !started {
                    LineReader.poll(descriptor, timeout: -1)
                    continuation.resume()
                }
            }
        }
    }

    private enum Step { case line, notYet, end }

    private func step(blocking: Bool, _ body: (UnsafeBufferPointer<UInt8>, _ tooLong: Bool) -> Void) -> Step {
        while true {
            if let newline = findNewline() {
                let lineStart = start
                start = newline + 1
                if skippingRestOfLine {
                    skippingRestOfLine = false
                    continue
                }
                lineNumber += 1
                let length = newline - lineStart
                buffer.withUnsafeBufferPointer { all in
                    body(UnsafeBufferPointer(rebasing: all[lineStart..<(lineStart + min(length, Self.maximumLineLength))]),
                         length > Self.maximumLineLength)
                }
                return .line
            }
            if end - start > Self.maximumLineLength, !skippingRestOfLine {
                // An overlong line still going: report its head now, drop the rest as it arrives.
                let lineStart = start
                skippingRestOfLine = true
                start = end
                lineNumber += 1
                buffer.withUnsafeBufferPointer { all in
                    body(UnsafeBufferPointer(rebasing: all[lineStart..<(lineStart + Self.maximumLineLength)]), true)
                }
                return .line
            }
            if skippingRestOfLine { start = end }
            if atEnd {
                guard start < end else { return .end }
                let lineStart = start
                start = end
                lineNumber += 1
                buffer.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[lineStart..<end]), false) }
                return .line
            }
            if !blocking, !Self.poll(descriptor, timeout: 0) { return .notYet }
            fill()
        }
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBufferPointer { all -> Int? in
            guard let base = all.baseAddress, let found = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Moves the unfinished line to the front and reads the next block behind it.
    private func fill() {
        let kept = end - start
        if kept > 0, start > 0 {
            buffer.withUnsafeMutableBufferPointer { all in _ = memmove(all.baseAddress!, all.baseAddress! + start, kept) }
        }
        start = 0
        end = kept
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress! + end, Self.blockSize) }
            if count < 0 {
                if errno == EINTR { continue }
                readError = errno
                atEnd = true
            } else if count == 0 {
                atEnd = true
            } else {
                end += count
            }
            return
        }
    }

    /// Whether `descriptor` has input (or its end, or an error) within `timeout` milliseconds (-1: however long).
    @discardableResult
    fileprivate static func poll(_ descriptor: Int32, timeout: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let result = Glibc.poll(&entry, 1, timeout)
            if result >= 0 { return result > 0 }
            // Anything but an interruption: let read(2) tell the error.
            guard errno == EINTR else { return true }
        }
    }

    /// Lines that name something (not blank, not `#` comments), for a progress total; nil when unreadable or not a
    /// regular file: a pipe (`--from <(subfinder …)`) would be read to its end here and leave nothing to check.
    public static func countNames(path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let reader = try? LineReader(path: path) else { return nil }
        var count = 0
        while let line = reader.next() {
            let text = line.text.trimmingWhitespace()
            if !text.isEmpty, !text.hasPrefix("#") { count += 1 }
        }
        return count
    }
}

extension LineReader.OpenError: UserFacingError {
    public var failureKind: FailureKind { .badInput }
}
