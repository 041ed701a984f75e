import Glibc
import DVBasics

/// Converts many names as `dvtool idn` prints them: `ASCII<TAB>UNICODE` lines when the direction is detected per
/// name, only the converted name per line when it is forced (as `idn2` does, so it drops into pipelines), or one
/// JSON object per line; streamed in order with errors beside them; names in and out as bytes, no String per name.
public struct IDNBatch {
    public enum Direction: String, Sendable {
        case toASCII = "to-ascii"
        case toUnicode = "to-unicode"
    }

    /// Where results and errors go (stdout and stderr for the CLI).
    public var output: BufferedWriter
    public var errors: BufferedWriter
    public private(set) var failures = 0
    private let json: Bool
    private let forced: Direction?
    private var converter = IDNAConverter()
    private var ascii: [UInt8] = []
    private var unicode: [UInt8] = []

    public init(json: Bool, forced: Direction?, output: BufferedWriter, errors: BufferedWriter) {
        self.json = json
        self.forced = forced
        self.output = output
        self.errors = errors
        ascii.reserveCapacity(512)
        unicode.reserveCapacity(1024)
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

    public mutating func convert(_ name: [UInt8], line: Int?) {
        name.withUnsafeBufferPointer { convert($0, line: line) }
    }

    public mutating func convert(_ name: UnsafeBufferPointer<UInt8>, line: Int?) {
        let direction = forced ?? Self.detect(name)
        ascii.removeAll(keepingCapacity: true)
        unicode.removeAll(keepingCapacity: true)
        do throws(IDNAError) {
            try converter.convert(name, ascii: &ascii, unicode: &unicode, wantASCII: true, wantUnicode: true)
        } catch {
            report(error, input: name, line: line)
            return
        }
        if json {
            // Keys in sorted order, as in every JSON dvtool writes.
            output.write(#"{"ascii":"#.utf8)
            output.jsonString(ascii, style: .terminalSafe)
            output.write(#","direction":""#.utf8)
            output.write(direction.rawValue.utf8)
            output.write(#"","input":"#.utf8)
            output.jsonString(name, style: .terminalSafe)
            output.write(#","unicode":"#.utf8)
            output.jsonString(unicode, style: .terminalSafe)
            output.write("}\n".utf8)
        } else {
            switch forced {
            case .toASCII: output.write(ascii)
            case .toUnicode: output.write(unicode)
            case nil:
                output.write(ascii)
                output.byte(0x09)
                output.write(unicode)
            }
            output.byte(0x0A)
        }
    }

    private mutating func report(_ error: IDNAError, input: UnsafeBufferPointer<UInt8>, line: Int?) {
        failures += 1
        if json {
            output.write(#"{"error":{"codePoint":"#.utf8)
            if let codePoint = error.codePointString { output.jsonString(codePoint.utf8, style: .terminalSafe) } else { output.write("null".utf8) }
            output.write(#","label":"#.utf8)
            output.jsonString(error.label.utf8, style: .terminalSafe)
            output.write(#","message":"#.utf8)
            output.jsonString(error.description.utf8, style: .terminalSafe)
            output.write(#","rule":"#.utf8)
            output.jsonString(error.rule.rawValue.utf8, style: .terminalSafe)
            output.write(#"},"input":"#.utf8)
            output.jsonString(input, style: .terminalSafe)
            if let line { output.write(#","line":\#(line)"#.utf8) }
            output.write("}\n".utf8)
        } else {
            let shown = String(decoding: input, as: UTF8.self)
            let place = line.map { "line \($0): " } ?? ""
            errors.write("dvtool: error: \(place)\"\(IDNAError.escaped(shown))\": \(error.description)\n")
            errors.flush()
        }
    }

    /// Converts every line of `reader` (blank lines skipped, spaces, tabs and CR trimmed); false when reading
    /// failed (`reader.readError` says why).
    public mutating func run(_ reader: LineReader) -> Bool {
        while reader.nextBytes({ raw, tooLong in
            if tooLong {
                let error = IDNAError(rule: .inputTooLong, label: "", detail: String(LineReader.maximumLineLength))
                let shown = Array(raw.prefix(64)) + Array("...".utf8)
                shown.withUnsafeBufferPointer { report(error, input: $0, line: reader.lineNumber) }
                return
            }
            var s = 0, e = raw.count
            while s < e && (raw[s] == 0x20 || raw[s] == 0x09 || raw[s] == 0x0D) { s += 1 }
            while e > s && (raw[e - 1] == 0x20 || raw[e - 1] == 0x09 || raw[e - 1] == 0x0D) { e -= 1 }
            if s < e { convert(UnsafeBufferPointer(rebasing: raw[s..<e]), line: reader.lineNumber) }
        }) {}
        return reader.readError == nil
    }
}
