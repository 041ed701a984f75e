import DVBasics
import DVReport
import Glibc

/// `--resume FILE`: the JSON lines an earlier, interrupted run of the same command wrote to FILE. Their input line
/// numbers are skipped, a last line cut off mid-way (the run was killed inside a write) is removed, and the new
/// results are appended to FILE, so one command line run again until it exits finishes the work, with each name
/// answered exactly once.
public final class BulkResume {
    /// Statuses of the earlier lines, so the closing line and the exit status cover the whole file.
    public struct Earlier: Sendable {
        public internal(set) var ok = 0
        public internal(set) var problem = 0
        public internal(set) var couldNotCheck = 0
        public internal(set) var badLines = 0
        public var count: Int { ok + problem + couldNotCheck + badLines }
    }

    public let path: String
    public private(set) var answered: Set<Int> = []
    public private(set) var earlier = Earlier()
    private var writer: BufferedWriter

    /// Opens FILE (created when missing), reads what it holds and cuts a partial last line.
    public init(path: String) throws(UserFailure) {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw UserFailure(.badInput, "cannot open --resume \(path): \(errnoText(errno))") }
        writer = BufferedWriter(fileDescriptor: descriptor)
        do throws(UserFailure) {
            let complete = try readAnswers(descriptor)
            if ftruncate(descriptor, off_t(complete)) != 0 {
                throw UserFailure(.badInput, "cannot cut the partial last line of \(path): \(errnoText(errno))")
            }
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit {
        writer.flush()
        close(writer.fileDescriptor)
    }

    /// One result line, appended to FILE.
    public func append(_ line: String) {
        writer.write(line)
        writer.byte(0x0A)
    }

    public func flush() { writer.flush() }

    /// The errno of the first write the file refused (a full disk): the lines after it are lost.
    public var writeRefusal: Int32? { writer.refusal }

    /// Collects every complete line's `line` and `status`; returns the length of the complete lines.
    private func readAnswers(_ descriptor: Int32) throws(UserFailure) -> Int {
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var current: [UInt8] = []
        var complete = 0
        var lineNumber = 0
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw UserFailure(.badInput, "cannot read --resume \(path): \(errnoText(errno))") }
            if count == 0 { return complete }
            var start = 0
            while start < count {
                guard let newline = block[start..<count].firstIndex(of: 0x0A) else {
                    current.append(contentsOf: block[start..<count])
                    break
                }
                current.append(contentsOf: block[start..<newline])
                lineNumber += 1
                try remember(current, lineNumber: lineNumber)
                complete += current.count + 1
                current.removeAll(keepingCapacity: true)
                start = newline + 1
            }
        }
    }

    private func remember(_ line: [UInt8], lineNumber: Int) throws(UserFailure) {
        guard line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}"), let input = Self.integer(after: "\"line\":", in: line) else {
            throw UserFailure(.badInput, "line \(lineNumber) of \(path) is not a result of `--from … --json`: "
                + "give --resume the file an earlier run of this command wrote")
        }
        answered.insert(input)
        switch Self.word(after: "\"status\":\"", in: line).flatMap(CheckStatus.init(rawValue:)) {
        case .ok: earlier.ok += 1
        case .problem: earlier.problem += 1
        case .error: earlier.couldNotCheck += 1
        case nil: earlier.badLines += 1
        }
    }

    // Only a top-level key counts: a TXT report's CAA report has a `status` of its own (and sorts before it), so
    // the scan keeps track of nesting and of strings, in which every quote is escaped.
    private static func integer(after key: String, in line: [UInt8]) -> Int? {
        guard let start = end(of: key, in: line) else { return nil }
        let digits = line[start...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    private static func word(after key: String, in line: [UInt8]) -> String? {
        guard let start = end(of: key, in: line) else { return nil }
        return String(decoding: line[start...].prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
    }

    /// Where the value of the top-level `key` (given as `"key":` or `"key":"`) starts.
    private static func end(of key: String, in line: [UInt8]) -> Int? {
        let pattern = Array(key.utf8)
        var depth = 0
        var inString = false
        var escaped = false
        var index = 0
        while index < line.count {
            let byte = line[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                if depth == 1, line.count - index >= pattern.count, line[index..<(index + pattern.count)].elementsEqual(pattern) {
                    return index + pattern.count
                }
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            }
            index += 1
        }
        return nil
    }
}
