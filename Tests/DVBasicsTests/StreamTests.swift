import Foundation
import DVBasics
import Synchronization
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

    /// The progress total counts a regular file only: a pipe (`--from <(subfinder …)`) read here would be used up
    /// before the run reads it. The FIFO holds a name and a writer, so a count that read it would wait forever: it
    /// runs on its own thread, bounded, and the name must still be in the FIFO afterwards.
    @Test func countingLeavesAPipeUnread() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID()).fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let held = open(fifo, O_RDWR | O_NONBLOCK)
        try #require(held >= 0)
        defer { close(held) }
        #expect(write(held, "a.example.test\n", 15) == 15)
        let counted = Mutex<Int??>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let count = LineReader.countNames(path: fifo)
            counted.withLock { $0 = .some(count) }
            done.signal()
        }
        try #require(done.wait(timeout: .now() + 3) == .success, "countNames read the pipe (it waits for the end of a pipe that has none)")
        #expect(counted.withLock { $0 } == .some(nil), "no total for a pipe")
        var left = [UInt8](repeating: 0, count: 64)
        #expect(read(held, &left, left.count) == 15, "the name is still there for the run")
        #expect(LineReader.countNames(path: "/dev/null") == nil, "a device is not counted either")
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

    /// `next(ifReady: true)` over a pipe: a whole line when one is there, `notYet` for nothing or half a line (never
    /// a wait), `end` once the writer closed; `readiness.wait()` returns when more arrives.
    @Test func lineReaderSaysWhetherALineIsReadyOnAPipe() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let reader = try LineReader(path: "/dev/fd/\(ends[0])")
        close(ends[0])
        func send(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } }
        func ready() -> String {
            switch reader.next(ifReady: true) {
            case let .line(line): "\(line.number):\(line.text)"
            case .notYet: "not yet"
            case .end: "end"
            }
        }
        #expect(ready() == "not yet")
        let waited = Task { [readiness = reader.readiness] in await readiness.wait() }
        try await Task.sleep(for: .milliseconds(50))
        send("first\nsec")
        await waited.value
        #expect(ready() == "1:first")
        #expect(ready() == "not yet")
        send("ond\nthird")
        #expect(ready() == "2:second")
        #expect(ready() == "not yet")
        close(ends[1])
        await reader.readiness.wait()
        #expect(ready() == "3:third")
        #expect(ready() == "end")
    }
}
