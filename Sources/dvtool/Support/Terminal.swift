#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import DVBasics
import NIOConcurrencyHelpers

/// Writes to stdout/stderr through libc buffers; colour only on a terminal and when NO_COLOR is unset.
enum Terminal {
    static let colours: Bool = StandardStream.output.isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// Commands print from concurrent tasks (bulk resolve): the one stdout buffer is shared under a lock.
    private static let output = NIOLockedValueBox(BufferedWriter(fileDescriptor: StandardStream.output.fileDescriptor))

    static func write(_ text: String) { output.withLockedValue { $0.write(text) } }

    static func line(_ text: String) { output.withLockedValue { $0.write(text); $0.byte(0x0A) } }

    /// One line on stderr, after whatever stdout still holds.
    static func error(_ message: String) {
        flush()
        writeError("dvtool: error: \(message)\n")
    }

    /// What a library kept beside its one-line error (OpenSSL's error queue), on stderr only when the
    /// environment sets DVTOOL_DEBUG=1: a user's error stays one line, a bug report gets the whole story.
    static func debug(_ detail: String) {
        guard !detail.isEmpty, environmentValue("DVTOOL_DEBUG") == "1" else { return }
        writeError("dvtool: debug: \(detail)\n")
    }

    /// Straight to stderr, unbuffered: prompts and progress lines must show at once.
    static func writeError(_ text: String) { writeAll(Array(text.utf8), to: StandardStream.error.fileDescriptor) }

    static func flush() { output.withLockedValue { $0.flush() } }

    enum Colour: String {
        case red = "31", green = "32", yellow = "33", bold = "1", dim = "2"
    }

    static func paint(_ text: String, _ colour: Colour) -> String {
        colours ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// A left-aligned text table whose columns fit their widest cell.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    func render(painting paint: (Int, String) -> String = { _, text in text }) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func format(_ cells: [String], rowIndex: Int?) -> String {
            cells.enumerated().map { column, cell in
                let padded = cell.padded(toLength: widths[column])
                return rowIndex.map { _ in paint(column, padded) } ?? padded
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([Terminal.paint(format(header, rowIndex: nil), .bold)]
                + rows.enumerated().map { format($0.element, rowIndex: $0.offset) }).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
