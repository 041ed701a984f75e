#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pasted text or a whole log as bytes, with an ASCII-lowercased copy for case-insensitive literal search and the
/// offsets where its lines start. Everything the reader does on it is linear in its size.
struct ScannedText {
    let bytes: [UInt8]
    let lowered: [UInt8]
    let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 { starts.append(offset + 1) }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// Every offset where `needle` (lowercase) starts, in order.
    func occurrences(of needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty, needle.count <= lowered.count else { return [] }
        var found: [Int] = []
        lowered.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { pattern in
                guard let base = haystack.baseAddress, let patternBase = pattern.baseAddress else { return }
                // memchr skips to the needle's rarest byte at memory speed; memcmp confirms the whole needle.
                let pivot = Self.rarestByte(of: needle)
                let byte = Int32(needle[pivot])
                let last = haystack.count - pattern.count + pivot     // the last place the pivot byte can be
                var offset = pivot
                while offset <= last, let hit = memchr(base + offset, byte, last + 1 - offset) {
                    let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - pivot
                    if memcmp(base + position, patternBase, pattern.count) == 0 { found.append(position) }
                    offset = position + pivot + 1
                }
            }
        }
        return found
    }

    /// English text's bytes from the most to the least frequent: the rarest byte of a needle stops memchr least.
    private static let frequentBytes = Array("  etaoinsrhldcumfpgwybvkxjqz".utf8)

    private static func rarestByte(of needle: [UInt8]) -> Int {
        let rarity = needle.map { byte in frequentBytes.firstIndex(of: byte) ?? frequentBytes.count }
        return rarity.indices.max { rarity[$0] < rarity[$1] } ?? 0
    }

    /// The line holding byte `offset` (binary search over the line starts).
    func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Line `index` without its line break (and a carriage return before it).
    func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == 13 { end -= 1 }
        return start ..< max(start, end)
    }

    /// At most `before` bytes before `offset` and `after` bytes from it, inside line `index`, cut on character
    /// boundaries: a message is at most a few hundred bytes, so one huge line costs no more than a short one.
    func window(around offset: Int, line index: Int, before: Int, after: Int) -> Range<Int> {
        let line = lineRange(index)
        var start = max(line.lowerBound, offset - before)
        var end = min(line.upperBound, offset + after)
        while start < end, isContinuation(bytes[start]) { start += 1 }
        while end < line.upperBound, end > start, isContinuation(bytes[end]) { end -= 1 }
        return start ..< end
    }

    /// The first `limit` bytes of line `index` (context lines: the names they carry come first).
    func head(ofLine index: Int, limit: Int) -> String {
        let line = lineRange(index)
        return string(window(around: line.lowerBound, line: index, before: 0, after: limit))
    }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
