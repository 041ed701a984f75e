import Glibc
import DVBasics
import NIOConcurrencyHelpers

/// One served request, as the access log records it.
public struct AccessRecord: Sendable {
    public var time: Double
    public var client: String
    public var method: String
    public var path: String
    public var host: String?
    public var status: Int
    public var userAgent: String?
    public var bytes: Int
}

/// Where access-log lines and server events go. `AccessLog` writes them to a file descriptor.
public protocol AccessLogSink: Sendable {
    func record(_ record: AccessRecord)
    /// A server event (listening, shutting down, …) with string fields.
    func event(_ name: String, _ message: String, fields: [(String, String)])
    func flush()
    /// False when records are thrown away, so the server need not build them.
    var recordsRequests: Bool { get }
}

extension AccessLogSink {
    public var recordsRequests: Bool { true }
}

/// Buffered, thread-safe access log: lines collect in memory and go out in one write(2) at most 100 ms after
/// the first of them (or at 64 KiB), so logging every request costs almost nothing under load. The writing
/// thread sleeps until there is something to write: an idle server does not wake it.
public final class AccessLog: AccessLogSink, Sendable {
    public let json: Bool
    private let descriptor: Int32
    private let pending: NIOLockedValueBox<Pending>
    /// True while lines wait for the writing thread (or when it is to stop).
    private let wake = ConditionLock(value: false)
    /// Set when no writing thread could be started: every line is then written at once.
    private let writesThrough: Bool

    private struct Pending: Sendable {
        var bytes: [UInt8] = []
        var timestamps = TimestampFormatter()
        var stopped = false
    }

    public init(fileDescriptor: Int32 = STDERR_FILENO, json: Bool) {
        self.descriptor = fileDescriptor
        self.json = json
        var initial = Pending()
        initial.bytes.reserveCapacity(1 << 16)
        let (pending, wake) = (NIOLockedValueBox(initial), self.wake)
        self.pending = pending
        // The thread holds the buffer, not the log: a log nobody closes still ends (deinit stops the thread).
        writesThrough = !startDetachedThread {
            while true {
                wake.lock(whenValue: true)
                wake.unlock(withValue: false)
                if pending.withLockedValue(\.stopped) { return }
                usleep(100_000)  // gather the lines of the next 100 ms into one write
                Self.write(pending, to: fileDescriptor)
            }
        }
    }

    deinit { stop() }

    private func stop() {
        pending.withLockedValue { $0.stopped = true }
        wake.lock()
        wake.unlock(withValue: true)
    }

    /// Flushes and stops the background writer.
    public func close() {
        stop()
        flush()
    }

    public func record(_ record: AccessRecord) {
        if json {
            append(Self.jsonLine(record).utf8)
            return
        }
        // Formatted straight into the shared buffer: a line takes well under a microsecond, and a
        // separate line array per request cost more than the lock is ever held.
        let (first, full) = pending.withLockedValue { pending in
            let first = pending.bytes.isEmpty
            Self.appendTextLine(record, to: &pending.bytes, timestamps: &pending.timestamps)
            return (first, pending.bytes.count >= 1 << 16)
        }
        written(first: first, full: full)
    }

    public func event(_ name: String, _ message: String, fields: [(String, String)] = []) {
        if json {
            // Keys sorted, as in every JSON dvtool writes; a field never overrides the three every event has.
            var members = ["event": name, "message": message, "time": Self.timestamp(Self.now())]
            for (key, value) in fields where members[key] == nil { members[key] = value }
            let line = members.sorted { $0.key < $1.key }.map { "\(Self.jsonString($0.key)):\(Self.jsonString($0.value))" }
            append(("{" + line.joined(separator: ",") + "}\n").utf8)
        } else {
            append("\(Self.timestamp(Self.now())) \(message)\n".utf8)
        }
    }

    private func append(_ line: some Collection<UInt8>) {
        let (first, full) = pending.withLockedValue { pending in
            let first = pending.bytes.isEmpty
            pending.bytes.append(contentsOf: line)
            return (first, pending.bytes.count >= 1 << 16)
        }
        written(first: first, full: full)
    }

    /// After a line was buffered: write now when the buffer is full (or there is no writing thread), else wake
    /// the writing thread for the first line of a batch.
    private func written(first: Bool, full: Bool) {
        if full || writesThrough {
            flush()
        } else if first {
            wake.lock()
            wake.unlock(withValue: true)
        }
    }

    public func flush() {
        Self.write(pending, to: descriptor)
    }

    private static func write(_ pending: NIOLockedValueBox<Pending>, to descriptor: Int32) {
        let bytes = pending.withLockedValue { pending in
            defer { pending.bytes.removeAll(keepingCapacity: true) }
            return pending.bytes
        }
        if !bytes.isEmpty { _ = writeAll(bytes, to: descriptor) }
    }

    // MARK: Formatting

    /// `TIME CLIENT "METHOD PATH" STATUS BYTES host="HOST" ua="USER-AGENT"`, quoted fields escaped.
    public static func textLine(_ record: AccessRecord) -> String {
        var line: [UInt8] = []
        var timestamps = TimestampFormatter()
        appendTextLine(record, to: &line, timestamps: &timestamps)
        return String(decoding: line, as: UTF8.self)
    }

    /// Written as bytes, without intermediate strings: with logging on, this runs for every request.
    static func appendTextLine(_ record: AccessRecord, to line: inout [UInt8], timestamps: inout TimestampFormatter) {
        timestamps.append(record.time, to: &line)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: record.client.utf8)
        line.append(contentsOf: " \"".utf8)
        appendEscaped(record.method, limit: 16, to: &line)
        line.append(UInt8(ascii: " "))
        appendEscaped(record.path, limit: 512, to: &line)
        line.append(contentsOf: "\" ".utf8)
        appendDecimal(record.status, to: &line)
        line.append(UInt8(ascii: " "))
        appendDecimal(record.bytes, to: &line)
        line.append(contentsOf: " host=\"".utf8)
        appendEscaped(record.host ?? "-", limit: 256, to: &line)
        line.append(contentsOf: "\" ua=\"".utf8)
        appendEscaped(record.userAgent ?? "-", limit: 256, to: &line)
        line.append(contentsOf: "\"\n".utf8)
    }

    public static func jsonLine(_ record: AccessRecord) -> String {
        // Keys in sorted order, as in every JSON dvtool writes.
        var line = "{\"bytes\":\(record.bytes),\"client\":\(jsonString(record.client)),\"event\":\"request\""
        line += ",\"host\":" + (record.host.map { jsonString(truncate($0, 256)) } ?? "null")
        line += ",\"method\":\(jsonString(truncate(record.method, 16))),\"path\":\(jsonString(truncate(record.path, 512)))"
        line += ",\"status\":\(record.status),\"time\":\"\(timestamp(record.time))\""
        line += ",\"userAgent\":" + (record.userAgent.map { jsonString(truncate($0, 256)) } ?? "null")
        return line + "}\n"
    }

    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp(_ time: Double) -> String {
        var text: [UInt8] = []
        var timestamps = TimestampFormatter()
        timestamps.append(time, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }

    private static func truncate(_ text: String, _ limit: Int) -> String {
        text.utf8.count <= limit ? text : String(decoding: text.utf8.prefix(limit), as: UTF8.self) + "…"
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Printable ASCII kept; `"` and `\` escaped; everything else as \xHH, so a request can never
    /// forge a log line or send terminal escapes.
    static func appendEscaped(_ text: String, limit: Int, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            let shown = utf8.prefix(limit)
            // Paths, hosts and user agents are nearly always plain printable ASCII: copy them whole.
            if shown.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                out.append(contentsOf: shown)
            } else {
                for byte in shown {
                    switch byte {
                    case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                    case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                    case 0x20...0x7E: out.append(byte)
                    default:
                        out.append(UInt8(ascii: "\\"))
                        out.append(UInt8(ascii: "x"))
                        out.append(Self.hexDigits[Int(byte >> 4)])
                        out.append(Self.hexDigits[Int(byte & 0xF)])
                    }
                }
            }
            if utf8.count > limit { out.append(contentsOf: "…".utf8) }
        }
    }

    static func jsonString(_ text: String) -> String { JSONEscaping.quoted(text, style: .terminalSafe) }
}

/// RFC 3339 UTC timestamps with milliseconds; the date and time up to the second are formatted once
/// per second.
struct TimestampFormatter {
    private var second: time_t = -1
    private var prefix: [UInt8] = []

    mutating func append(_ time: Double, to out: inout [UInt8]) {
        var seconds = time_t(time.rounded(.down))
        let millis = min(Int((time - Double(seconds)) * 1000), 999)
        if seconds != second {
            second = seconds
            var parts = tm()
            gmtime_r(&seconds, &parts)
            prefix.removeAll(keepingCapacity: true)
            func field(_ value: Int32, digits: Int, then separator: Unicode.Scalar) {
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 {
                    prefix.append(UInt8(ascii: "0") + UInt8(Int(value) / divisor % 10))
                    divisor /= 10
                }
                prefix.append(UInt8(ascii: separator))
            }
            field(parts.tm_year + 1900, digits: 4, then: "-")
            field(parts.tm_mon + 1, digits: 2, then: "-")
            field(parts.tm_mday, digits: 2, then: "T")
            field(parts.tm_hour, digits: 2, then: ":")
            field(parts.tm_min, digits: 2, then: ":")
            field(parts.tm_sec, digits: 2, then: ".")
        }
        out.append(contentsOf: prefix)
        out.append(UInt8(ascii: "0") + UInt8(millis / 100))
        out.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(millis % 10))
        out.append(UInt8(ascii: "Z"))
    }
}

/// Discards everything (tests, `--quiet`).
public struct SilentLog: AccessLogSink {
    public init() {}
    public func record(_ record: AccessRecord) {}
    public func event(_ name: String, _ message: String, fields: [(String, String)]) {}
    public func flush() {}
    public var recordsRequests: Bool { false }
}
