import Foundation
import DVBasics
import Testing

/// The one JSON escaper and the one line reader that `resolve --from`, `idn` and the access log share.
@Suite("JSON escaping and line reading")
struct StreamTests {
    @Test func encoderStyleEqualsJSONEncoder() throws {
        let value = "quote \" backslash \\ tab \t nl \n cr \r bs \u{08} ff \u{0C} bell \u{07} del \u{7F} c1 \u{85} é 🙂"
        let encoded = String(decoding: try JSONEncoder().encode([value]), as: UTF8.self)
        #expect("[" + JSONEscaping.quoted(value) + "]" == encoded)
    }

    @Test func terminalSafeStyleEscapesWhatMovesACursorOrSplitsALine() {
        #expect(JSONEscaping.quoted("a\u{7F}b\u{9B}c\u{2028}d", style: .terminalSafe) == #""a\u007fb\u009bc\u2028d""#)
        #expect(JSONEscaping.quoted("例子.中国", style: .terminalSafe) == "\"例子.中国\"")
    }

    @Test func invalidUTF8BecomesTheReplacementCharacter() {
        for bytes: [UInt8] in [[0x61, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xBE]] {
            var out: [UInt8] = []
            JSONEscaping.appendString(bytes, to: &out)
            let text = String(decoding: out, as: UTF8.self)
            #expect(text.contains("\u{FFFD}"), "\(bytes) gave \(text)")
        }
    }

    @Test func lineReaderCutsOverlongLinesAndKeepsTheRest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).txt").path
        let long = String(repeating: "x", count: LineReader.maximumLineLength * 300)
        try "first\r\n\(long)\nthird\nlast-without-newline".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LineReader(path: path)
        var lines: [LineReader.Line] = []
        while let line = reader.next() { lines.append(line) }
        try #require(lines.map(\.number) == [1, 2, 3, 4])
        #expect(lines.map(\.tooLong) == [false, true, false, false])
        #expect(lines[0].text == "first")
        #expect(lines[1].text.count == LineReader.maximumLineLength)
        #expect(lines[2].text == "third" && lines[3].text == "last-without-newline")
        #expect(reader.readError == nil)
        #expect(LineReader.countNames(path: path) == 4)
    }

    @Test func missingFileIsOneLine() {
        #expect(throws: LineReader.OpenError.self) { try LineReader(path: "/nonexistent/names.txt") }
    }
}
