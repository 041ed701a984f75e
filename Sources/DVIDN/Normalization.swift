// Unicode Normalization Form C (UAX #15) from the generated UCD tables.
// Canonical decomposition (pre-expanded by the generator, Hangul algorithmic),
// canonical ordering by combining class, then canonical composition with the
// Full_Composition_Exclusion set already removed from the pair table.

enum Hangul {
    static let sBase: UInt32 = 0xAC00, lBase: UInt32 = 0x1100, vBase: UInt32 = 0x1161, tBase: UInt32 = 0x11A7
    static let lCount: UInt32 = 19, vCount: UInt32 = 21, tCount: UInt32 = 28
    static let nCount: UInt32 = 588, sCount: UInt32 = 11172
}

enum QuickCheck { case yes, no, maybe }

extension Tables {
    /// NFC_Quick_Check over a scalar sequence (UAX #15 section 9).
    func nfcQuickCheck(_ s: UnsafeBufferPointer<UInt32>) -> QuickCheck {
        var lastCCC: UInt8 = 0
        var result = QuickCheck.yes
        for c in s {
            let p = props(c)
            let ccc = p.ccc
            if ccc != 0 && lastCCC > ccc { return .no }
            switch p.nfcQC {
            case 0: break
            case 1: return .no
            default: result = .maybe
            }
            lastCCC = ccc
        }
        return result
    }

    /// Appends the NFC form of `s` to `out`.
    func appendNFC(_ s: UnsafeBufferPointer<UInt32>, to out: inout [UInt32]) {
        // 1. Full canonical decomposition.
        var d = [UInt32]()
        d.reserveCapacity(s.count + 8)
        for c in s {
            if c >= Hangul.sBase && c < Hangul.sBase + Hangul.sCount {
                let si = c - Hangul.sBase
                d.append(Hangul.lBase + si / Hangul.nCount)
                d.append(Hangul.vBase + (si % Hangul.nCount) / Hangul.tCount)
                let t = si % Hangul.tCount
                if t != 0 { d.append(Hangul.tBase + t) }
            } else if let dec = decomposition(c) {
                d.append(contentsOf: dec)
            } else {
                d.append(c)
            }
        }
        // 2. Canonical ordering: stable insertion sort inside each run of non-starters.
        if d.count > 1 {
            var i = 1
            while i < d.count {
                let cc = props(d[i]).ccc
                if cc != 0 {
                    var j = i
                    while j > 0 {
                        let pc = props(d[j - 1]).ccc
                        if pc <= cc || pc == 0 { break }
                        d.swapAt(j, j - 1)
                        j -= 1
                    }
                }
                i += 1
            }
        }
        // 3. Canonical composition.
        let base = out.count
        var starter = -1
        var lastCCC: Int = -1  // ccc of the last character appended after the starter; -1 = none
        for c in d {
            let cc = Int(props(c).ccc)
            if starter >= 0 {
                let blocked = lastCCC != -1 && lastCCC >= cc
                if !blocked, let composite = composePair(out[starter], c) {
                    out[starter] = composite
                    continue
                }
            }
            if cc == 0 {
                starter = out.count
                lastCCC = -1
            } else {
                lastCCC = cc
            }
            out.append(c)
        }
        _ = base
    }

    @inline(__always)
    func composePair(_ a: UInt32, _ b: UInt32) -> UInt32? {
        // Hangul L + V, LV + T
        if a >= Hangul.lBase && a < Hangul.lBase + Hangul.lCount && b >= Hangul.vBase && b < Hangul.vBase + Hangul.vCount {
            return Hangul.sBase + ((a - Hangul.lBase) * Hangul.vCount + (b - Hangul.vBase)) * Hangul.tCount
        }
        if a >= Hangul.sBase && a < Hangul.sBase + Hangul.sCount && (a - Hangul.sBase) % Hangul.tCount == 0
            && b > Hangul.tBase && b < Hangul.tBase + Hangul.tCount {
            return a + (b - Hangul.tBase)
        }
        return compose(a, b)
    }
}

/// Unicode normalization helpers exposed for tests and other modules.
public enum UnicodeNFC {
    /// The NFC form of a string, computed from the Unicode 15.0 tables generated into DVIDN.
    public static func normalize(_ s: String) -> String {
        let scalars = s.unicodeScalars.map { $0.value }
        var out = [UInt32]()
        scalars.withUnsafeBufferPointer { Tables.shared.appendNFC($0, to: &out) }
        var result = String.UnicodeScalarView()
        for c in out { result.append(Unicode.Scalar(c)!) }
        return String(result)
    }

    /// Whether `s` is already in NFC.
    public static func isNormalized(_ s: String) -> Bool {
        let scalars = s.unicodeScalars.map { $0.value }
        return scalars.withUnsafeBufferPointer { buf in
            switch Tables.shared.nfcQuickCheck(buf) {
            case .yes: return true
            case .no: return false
            case .maybe:
                var out = [UInt32]()
                Tables.shared.appendNFC(buf, to: &out)
                return out.elementsEqual(buf)
            }
        }
    }
}
