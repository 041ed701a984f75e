// Unicode character names for error messages (generated, decoded lazily on first use).

// @unchecked Sendable: the buffers are decoded once in init and never written afterwards, only read.
final class NameTable: @unchecked Sendable {
    static let shared = NameTable()

    let ranges: UnsafeBufferPointer<UInt32>   // first, count pairs
    let rangeOrdinal: [Int]                   // ordinal of each range's first name
    let offsets: UnsafeBufferPointer<UInt32>
    let tokens: [UInt8]
    let words: [String]

    private init() {
        ranges = decodeTable(GeneratedNames.ranges, as: UInt32.self)
        offsets = decodeTable(GeneratedNames.offsets, as: UInt32.self)
        tokens = decodeBase64(GeneratedNames.tokens)
        words = decodeBase64(GeneratedNames.words).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        var ord = [Int]()
        var total = 0
        var i = 0
        while i + 1 < ranges.count {
            ord.append(total)
            total += Int(ranges[i + 1])
            i += 2
        }
        rangeOrdinal = ord
    }

    func name(_ cp: UInt32) -> String? {
        // binary search the range whose first <= cp
        var lo = 0, hi = rangeOrdinal.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ranges[2 * mid] <= cp { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let r = lo - 1
        let first = ranges[2 * r], count = ranges[2 * r + 1]
        guard cp - first < count else { return nil }
        let ordinal = rangeOrdinal[r] + Int(cp - first)
        var parts = [String]()
        var p = Int(offsets[ordinal])
        let end = Int(offsets[ordinal + 1])
        while p < end {
            let t = Int(tokens[p])
            if t < 0xC0 {
                parts.append(words[t])
                p += 1
            } else {
                parts.append(words[192 + ((t - 0xC0) << 8 | Int(tokens[p + 1]))])
                p += 2
            }
        }
        return parts.joined(separator: " ")
    }
}

public enum UnicodeNames {
    /// The Unicode name of a code point (UnicodeData.txt; algorithmic for ideographs and
    /// Hangul syllables; control aliases for controls), or nil if it has none.
    public static func name(of cp: UInt32) -> String? {
        let a = GeneratedNames.algorithmicRanges
        var i = 0
        while i + 2 < a.count {
            if cp >= a[i] && cp <= a[i + 1] {
                let prefix = GeneratedNames.algorithmicPrefixes[Int(a[i + 2])]
                if prefix == "HANGUL SYLLABLE " {
                    let s = cp - Hangul.sBase
                    return prefix + GeneratedNames.jamoL[Int(s / Hangul.nCount)]
                        + GeneratedNames.jamoV[Int((s % Hangul.nCount) / Hangul.tCount)]
                        + GeneratedNames.jamoT[Int(s % Hangul.tCount)]
                }
                return prefix + hex(cp)
            }
            i += 3
        }
        return NameTable.shared.name(cp)
    }

    static func hex(_ cp: UInt32) -> String {
        let h = String(cp, radix: 16, uppercase: true)
        return h.count < 4 ? String(repeating: "0", count: 4 - h.count) + h : h
    }

    /// "U+200D ZERO WIDTH JOINER" (or just "U+E000" when the code point has no name).
    public static func describe(_ cp: UInt32) -> String {
        if let n = name(of: cp) { return "U+\(hex(cp)) \(n)" }
        return "U+\(hex(cp))"
    }
}
