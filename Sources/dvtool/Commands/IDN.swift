import ArgumentParser
import DVIDN
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            one per line, streamed in order. Text output: `ASCII<TAB>UNICODE` per name; errors go to stderr with \
            the line number. --json: one JSON object per line.
            Exit codes: 0 all names valid, 2 at least one name invalid or bad input.
            """)

    @Argument(help: "Domain names to convert.")
    var names: [String] = []

    @Flag(name: .customLong("to-ascii"), help: "Treat every name as input for ToASCII.")
    var toASCII = false

    @Flag(name: .customLong("to-unicode"), help: "Treat every name as input for ToUnicode.")
    var toUnicode = false

    @Option(name: .customLong("from"), help: ArgumentHelp("Read names from FILE, one per line ('-' for stdin).", valueName: "file"))
    var from: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if toASCII && toUnicode { throw ValidationError("give at most one of --to-ascii and --to-unicode") }
        if from != nil && !names.isEmpty { throw ValidationError("give either NAME arguments or --from FILE, not both") }
    }

    func run() async throws {
        var runner = IDNRunner(json: output.json, forced: toASCII ? .toASCII : (toUnicode ? .toUnicode : nil))
        let ok: Bool
        if !names.isEmpty {
            for name in names { runner.convert(Array(name.utf8), line: nil) }
            ok = runner.failures == 0
        } else {
            let fd: Int32
            if let from, from != "-" {
                fd = open(from, O_RDONLY)
                if fd < 0 {
                    IDNRunner.stderrLine("dvtool: error: cannot open \(from): \(String(cString: strerror(errno)))")
                    throw ExitStatus.badInput
                }
            } else {
                if from == nil && isatty(0) != 0 {
                    IDNRunner.stderrLine("dvtool: error: give domain names as arguments, --from FILE, or pipe them on stdin")
                    throw ExitStatus.badInput
                }
                fd = 0
            }
            let readOK = runner.stream(fd: fd)
            if fd != 0 { close(fd) }
            if !readOK {
                runner.out.flush()
                IDNRunner.stderrLine("dvtool: error: reading \(from ?? "stdin") failed: \(String(cString: strerror(errno)))")
                throw ExitStatus.badInput
            }
            ok = runner.failures == 0
        }
        runner.out.flush()
        if !ok { throw ExitStatus.badInput }
    }
}

private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }

/// Buffered writer to a file descriptor.
struct FDWriter {
    let fd: Int32
    var buffer: [UInt8] = []
    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }
    @inline(__always) mutating func write(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }
    @inline(__always) mutating func write(_ s: String) { write(s.utf8) }
    @inline(__always) mutating func byte(_ b: UInt8) { buffer.append(b) }
    mutating func flush() {
        var off = 0
        buffer.withUnsafeBytes { raw in
            while off < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // EPIPE etc.: drop output
                }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

struct IDNRunner {
    enum Direction: String { case toASCII = "to-ascii", toUnicode = "to-unicode" }
    static let maxLine = 4096

    let json: Bool
    let forced: Direction?
    var converter = IDNAConverter()
    var out = FDWriter(fd: 1)
    var err = FDWriter(fd: 2)
    var ascii: [UInt8] = []
    var unicode: [UInt8] = []
    var failures = 0

    init(json: Bool, forced: Direction?) {
        self.json = json
        self.forced = forced
        ascii.reserveCapacity(512)
        unicode.reserveCapacity(1024)
    }

    static func stderrLine(_ s: String) {
        var w = FDWriter(fd: 2)
        w.write(s)
        w.byte(0x0A)
        w.flush()
    }

    /// Pure ASCII with an `xn--` label (any case) → to Unicode.
    static func detect(_ name: UnsafeBufferPointer<UInt8>) -> Direction {
        var atLabelStart = true
        var hasXN = false
        var i = 0
        let n = name.count
        while i < n {
            let c = name[i]
            if c >= 0x80 { return .toASCII }
            if atLabelStart && i + 3 < n && (c | 0x20) == 0x78 && (name[i + 1] | 0x20) == 0x6E && name[i + 2] == 0x2D && name[i + 3] == 0x2D {
                hasXN = true
            }
            atLabelStart = c == 0x2E
            i += 1
        }
        return hasXN ? .toUnicode : .toASCII
    }

    mutating func convert(_ name: [UInt8], line: Int?) {
        name.withUnsafeBufferPointer { convert($0, line: line) }
    }

    mutating func convert(_ name: UnsafeBufferPointer<UInt8>, line: Int?) {
        let direction = forced ?? IDNRunner.detect(name)
        ascii.removeAll(keepingCapacity: true)
        unicode.removeAll(keepingCapacity: true)
        do throws(IDNAError) {
            try converter.convert(name, ascii: &ascii, unicode: &unicode, wantASCII: true, wantUnicode: true)
        } catch {
            report(error, input: name, line: line)
            return
        }
        if json {
            out.write(#"{"input":"#.utf8)
            writeJSONString(name)
            out.write(#","ascii":"#.utf8)
            writeJSONString(ascii)
            out.write(#","unicode":"#.utf8)
            writeJSONString(unicode)
            out.write(#","direction":""#.utf8)
            out.write(direction == .toASCII ? "to-ascii".utf8 : "to-unicode".utf8)
            out.write("\"}\n".utf8)
        } else {
            out.write(ascii)
            out.byte(0x09)
            out.write(unicode)
            out.byte(0x0A)
        }
    }

    mutating func report(_ error: IDNAError, input: UnsafeBufferPointer<UInt8>, line: Int?) {
        failures += 1
        if json {
            out.write(#"{"input":"#.utf8)
            writeJSONString(input)
            if let line { out.write(#","line":\#(line)"#.utf8) }
            out.write(#","error":{"rule":"#.utf8)
            writeJSONString(error.rule.rawValue.utf8)
            out.write(#","label":"#.utf8)
            writeJSONString(error.label.utf8)
            out.write(#","codePoint":"#.utf8)
            if let cp = error.codePointString { writeJSONString(cp.utf8) } else { out.write("null".utf8) }
            out.write(#","message":"#.utf8)
            writeJSONString(error.description.utf8)
            out.write("}}\n".utf8)
        } else {
            let shown = String(decoding: input, as: UTF8.self)
            let whereText = line.map { "line \($0): " } ?? ""
            err.write("dvtool: error: \(whereText)\"\(IDNAError.escaped(shown))\": \(error.description)\n")
            err.flush()
        }
    }

    /// Writes a JSON string; invalid UTF-8 becomes U+FFFD.
    mutating func writeJSONString(_ bytes: some Collection<UInt8>) {
        var valid = true
        for b in bytes where b >= 0x80 { valid = false; break }
        if !valid {
            // Slow path: re-decode so the output is valid UTF-8.
            let s = String(decoding: Array(bytes), as: UTF8.self)
            writeJSONEscaped(Array(s.utf8))
            return
        }
        writeJSONEscaped(bytes)
    }

    private mutating func writeJSONEscaped(_ bytes: some Collection<UInt8>) {
        out.byte(0x22)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case 0x22: out.byte(0x5C); out.byte(0x22)
            case 0x5C: out.byte(0x5C); out.byte(0x5C)
            case 0x0A: out.byte(0x5C); out.byte(0x6E)
            case 0x0D: out.byte(0x5C); out.byte(0x72)
            case 0x09: out.byte(0x5C); out.byte(0x74)
            case 0..<0x20, 0x7F:
                out.write([0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.byte(b)
            }
        }
        out.byte(0x22)
    }

    /// Streams names from a file descriptor, one per line, in bounded memory.
    /// Returns false on a read error.
    mutating func stream(fd: Int32) -> Bool {
        let chunkSize = 1 << 20
        var buf = [UInt8](repeating: 0, count: chunkSize + IDNRunner.maxLine + 1)
        var carry = 0          // bytes of an incomplete line at the start of buf
        var lineNo = 0
        var skipping = false   // inside an overlong line, discarding until newline
        while true {
            let n = buf.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + carry, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            let end = carry + n
            let eof = n == 0
            var start = 0
            buf.withUnsafeBufferPointer { b in
                var i = carry
                while true {
                    // find next newline from i
                    var nl = -1
                    if let base = b.baseAddress, i < end, let p = memchr(base + i, 0x0A, end - i) {
                        nl = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    }
                    if nl < 0 {
                        if eof && start < end {
                            if skipping { skipping = false } else {
                                lineNo += 1
                                handleLine(UnsafeBufferPointer(rebasing: b[start..<end]), lineNo)
                            }
                            start = end
                        }
                        break
                    }
                    if skipping {
                        skipping = false
                    } else {
                        lineNo += 1
                        handleLine(UnsafeBufferPointer(rebasing: b[start..<nl]), lineNo)
                    }
                    start = nl + 1
                    i = start
                }
            }
            if eof { break }
            // Keep the incomplete tail; cap it.
            var tail = end - start
            if tail > IDNRunner.maxLine && !skipping {
                lineNo += 1
                tooLong(lineNo, buf[start..<(start + 64)])
                skipping = true
            }
            if skipping { tail = 0 }
            if tail > 0 && start > 0 {
                buf.withUnsafeMutableBufferPointer { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + start, tail)
                }
            }
            carry = tail
        }
        return true
    }

    mutating func tooLong(_ line: Int, _ prefix: ArraySlice<UInt8>) {
        let e = IDNAError(rule: .inputTooLong, label: "", detail: String(IDNRunner.maxLine))
        let shown = Array(prefix) + Array("...".utf8)
        shown.withUnsafeBufferPointer { report(e, input: $0, line: line) }
    }

    mutating func handleLine(_ raw: UnsafeBufferPointer<UInt8>, _ line: Int) {
        var s = 0, e = raw.count
        while s < e && (raw[s] == 0x20 || raw[s] == 0x09 || raw[s] == 0x0D) { s += 1 }
        while e > s && (raw[e - 1] == 0x20 || raw[e - 1] == 0x09 || raw[e - 1] == 0x0D) { e -= 1 }
        if s == e { return }  // blank line
        if e - s > IDNRunner.maxLine {
            tooLong(line, raw[s..<(s + 64)].reduce(into: ArraySlice<UInt8>()) { $0.append($1) })
            return
        }
        convert(UnsafeBufferPointer(rebasing: raw[s..<e]), line: line)
    }
}
