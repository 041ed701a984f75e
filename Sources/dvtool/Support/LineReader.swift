#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or stdin line by line with bounded memory; overlong lines are cut and flagged.
final class LineReader {
    static let maximumLineLength = 4096

    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    private(set) var lineNumber = 0

    struct Line {
        let number: Int
        let text: String
        let tooLong: Bool
    }

    /// `-` means stdin.
    init(path: String) throws {
        if path == "-" {
            // A stream of its own on fd 0: the libc `stdin` global is not concurrency-safe to touch.
            guard let standardInput = fdopen(STDIN_FILENO, "r") else {
                throw CLIError.badInput("cannot read standard input: \(String(cString: strerror(errno)))")
            }
            file = standardInput
            ownsFile = false
        } else {
            guard let opened = fopen(path, "r") else {
                throw CLIError.badInput("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            file = opened
            ownsFile = true
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    func next() -> Line? {
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else { return nil }
        lineNumber += 1
        var length = count
        while length > 0, buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D { length -= 1 }
        let tooLong = length > Self.maximumLineLength
        let bytes = UnsafeRawBufferPointer(start: buffer, count: min(length, Self.maximumLineLength))
        return Line(number: lineNumber, text: String(decoding: bytes, as: UTF8.self), tooLong: tooLong)
    }

    /// Lines that name something (not blank, not `#` comments), for a progress total; nil when unreadable.
    static func countNames(path: String) -> Int? {
        guard let reader = try? LineReader(path: path) else { return nil }
        var count = 0
        while let line = reader.next() {
            let text = line.text.trimmingWhitespace()
            if !text.isEmpty, !text.hasPrefix("#") { count += 1 }
        }
        return count
    }
}
