// UTS #46 processing (non-transitional) with the IDNA2008 validity rules.
//
// Settings, as assumed by the UTS #46 conformance file: CheckHyphens, CheckBidi,
// CheckJoiners, UseSTD3ASCIIRules and (for ToASCII) VerifyDnsLength all true,
// Transitional_Processing false. Stricter than UTS #46 where IDNA2008 is:
// code points marked NV8/XV8 (symbols, emoji) are rejected and the CONTEXTO
// rules of RFC 5892 are applied. dvtool extensions: a leading `*` label and
// `_underscore` labels are passed through untouched, and an `xn--` label must
// decode, validate and re-encode to the identical ASCII.

/// The two forms of a domain name.
public struct DomainForms: Sendable, Equatable {
    /// The ASCII (A-label) form, e.g. `xn--fsqu00a.xn--fiqs8s`.
    public let ascii: String
    /// The Unicode (U-label) form, e.g. `例子.中国`.
    public let unicode: String
}

public enum IDNA {
    /// UTS #46 ToASCII (non-transitional, all checks on). `*` first label and `_x` labels pass through.
    public static func toASCII(_ name: String) throws(IDNAError) -> String {
        var c = IDNAConverter()
        return try c.toASCII(name)
    }

    /// UTS #46 ToUnicode with validation; throws on any error.
    public static func toUnicode(_ name: String) throws(IDNAError) -> String {
        var c = IDNAConverter()
        return try c.toUnicode(name)
    }

    /// Both forms at once, for commands that take a domain from the user.
    public static func forms(of name: String) throws(IDNAError) -> DomainForms {
        var c = IDNAConverter()
        return try c.forms(of: name)
    }

    /// The Unicode version of the IDNA mapping and character data.
    public static var unicodeVersion: String { GeneratedTables.unicodeVersion }
}

/// A reusable converter: keeps its buffers between calls, for batch work.
/// Not thread-safe; use one per thread/task.
public struct IDNAConverter {
    struct Label {
        var kind: UInt8          // 0 normal, 1 A-label, 2 pass-through (`*`, `_x`)
        var uStart: Int, uEnd: Int   // Unicode form in `work`
        var aStart: Int, aEnd: Int   // ASCII `xn--` form in `work` (A-labels only)
        var rawStart: Int, rawEnd: Int  // the label as given, in `scalars`
        var isASCII: Bool
    }

    var scalars: [UInt32] = []
    var work: [UInt32] = []
    var tmp: [UInt32] = []
    var bytes: [UInt8] = []
    var labels: [Label] = []
    let tables = Tables.shared

    public init() {}

    // MARK: String API

    public mutating func toASCII(_ name: String) throws(IDNAError) -> String {
        var a = [UInt8](), u = [UInt8]()
        try withUTF8(name) { (b) throws(IDNAError) in try convert(b, ascii: &a, unicode: &u, wantASCII: true, wantUnicode: false) }
        return String(decoding: a, as: UTF8.self)
    }

    public mutating func toUnicode(_ name: String) throws(IDNAError) -> String {
        var a = [UInt8](), u = [UInt8]()
        try withUTF8(name) { (b) throws(IDNAError) in try convert(b, ascii: &a, unicode: &u, wantASCII: false, wantUnicode: true) }
        return String(decoding: u, as: UTF8.self)
    }

    public mutating func forms(of name: String) throws(IDNAError) -> DomainForms {
        var a = [UInt8](), u = [UInt8]()
        try withUTF8(name) { (b) throws(IDNAError) in try convert(b, ascii: &a, unicode: &u, wantASCII: true, wantUnicode: true) }
        return DomainForms(ascii: String(decoding: a, as: UTF8.self), unicode: String(decoding: u, as: UTF8.self))
    }

    private func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) throws(IDNAError) -> R) throws(IDNAError) -> R {
        var s = s
        let r: Result<R, IDNAError> = s.withUTF8 { b in
            do throws(IDNAError) { return .success(try body(b)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    // MARK: Byte API

    /// Converts one name given as UTF-8 bytes. Appends the ASCII form to `ascii` when
    /// `wantASCII` (with the DNS length checks) and the Unicode form (UTF-8) to `unicode`
    /// when `wantUnicode`. On error nothing is appended. Invalid UTF-8 is an error.
    public mutating func convert(_ input: UnsafeBufferPointer<UInt8>, ascii: inout [UInt8], unicode: inout [UInt8],
                                 wantASCII: Bool, wantUnicode: Bool) throws(IDNAError) {
        let a0 = ascii.count, u0 = unicode.count
        if fastASCII(input, ascii: &ascii, unicode: &unicode, wantASCII: wantASCII, wantUnicode: wantUnicode) { return }
        ascii.removeSubrange(a0...)
        unicode.removeSubrange(u0...)
        do throws(IDNAError) {
            try general(input, ascii: &ascii, unicode: &unicode, wantASCII: wantASCII, wantUnicode: wantUnicode)
        } catch {
            ascii.removeSubrange(a0...)
            unicode.removeSubrange(u0...)
            throw error
        }
    }

    // MARK: ASCII fast path

    /// Handles the common all-ASCII, all-LDH case. Returns false to fall back to the
    /// general path (which also produces the precise error).
    @inline(__always)
    private func fastASCII(_ input: UnsafeBufferPointer<UInt8>, ascii: inout [UInt8], unicode: inout [UInt8],
                           wantASCII: Bool, wantUnicode: Bool) -> Bool {
        let n = input.count
        if n == 0 || n > 254 { return false }
        var i = 0
        var labelIndex = 0
        // Validate first, then copy: keeps the loop branch-light.
        while i < n {
            let ls = i
            let first = input[i]
            let underscore = first == 0x5F
            while i < n {
                let c = input[i]
                if c == 0x2E { break }
                let lower = c | 0x20
                if (lower >= 0x61 && lower <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D {
                } else if underscore && c == 0x5F {
                } else if c == 0x2A && labelIndex == 0 && i == ls && (i + 1 == n || input[i + 1] == 0x2E) {
                } else {
                    return false
                }
                i += 1
            }
            let len = i - ls
            if len == 0 {
                // Only a trailing root label may be empty.
                if !(i == n && ls > 0) { return false }
            } else {
                if len > 63 { return false }
                if !underscore {
                    if input[ls] == 0x2D || input[i - 1] == 0x2D { return false }
                    if len >= 4 && input[ls + 2] == 0x2D && input[ls + 3] == 0x2D { return false }
                }
            }
            labelIndex += 1
            if i < n {
                i += 1  // skip the dot
                if i == n { break }  // trailing dot: root
            }
        }
        if wantASCII && n > 253 && !(n == 254 && input[n - 1] == 0x2E) { return false }
        // Copy, lowercasing outside `_` labels.
        var underscore = false
        var atStart = true
        if wantASCII { ascii.reserveCapacity(ascii.count + n) }
        for j in 0..<n {
            var c = input[j]
            if atStart { underscore = c == 0x5F }
            atStart = c == 0x2E
            if !underscore && c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if wantASCII { ascii.append(c) }
            if wantUnicode { unicode.append(c) }
        }
        return true
    }

    // MARK: General path

    @inline(__always)
    static func isSeparator(_ c: UInt32) -> Bool {
        c == 0x2E || c == 0x3002 || c == 0xFF0E || c == 0xFF61
    }

    private func rawString(_ s: Int, _ e: Int) -> String {
        var v = String.UnicodeScalarView()
        for i in s..<e { if let u = Unicode.Scalar(scalars[i]) { v.append(u) } }
        return String(v)
    }

    private func fail(_ rule: IDNAError.Rule, _ label: Label, _ cp: UInt32? = nil, _ detail: String = "") -> IDNAError {
        IDNAError(rule: rule, label: rawString(label.rawStart, label.rawEnd), codePoint: cp, detail: detail)
    }

    private mutating func decodeUTF8(_ input: UnsafeBufferPointer<UInt8>) throws(IDNAError) {
        scalars.removeAll(keepingCapacity: true)
        var i = 0
        let n = input.count
        while i < n {
            let b0 = UInt32(input[i])
            if b0 < 0x80 { scalars.append(b0); i += 1; continue }
            var need = 0
            var cp: UInt32 = 0
            var minimum: UInt32 = 0
            if b0 & 0xE0 == 0xC0 { need = 1; cp = b0 & 0x1F; minimum = 0x80 }
            else if b0 & 0xF0 == 0xE0 { need = 2; cp = b0 & 0x0F; minimum = 0x800 }
            else if b0 & 0xF8 == 0xF0 { need = 3; cp = b0 & 0x07; minimum = 0x10000 }
            else { throw badUTF8(input) }
            for k in 1...need {
                guard i + k < n else { throw badUTF8(input) }
                let b = UInt32(input[i + k])
                if b & 0xC0 != 0x80 { throw badUTF8(input) }
                cp = (cp << 6) | (b & 0x3F)
            }
            if cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) { throw badUTF8(input) }
            scalars.append(cp)
            i += need + 1
        }
    }

    private func badUTF8(_ input: UnsafeBufferPointer<UInt8>) -> IDNAError {
        IDNAError(rule: .invalidUTF8, label: String(decoding: input, as: UTF8.self))
    }

    private mutating func general(_ input: UnsafeBufferPointer<UInt8>, ascii: inout [UInt8], unicode: inout [UInt8],
                                  wantASCII: Bool, wantUnicode: Bool) throws(IDNAError) {
        try decodeUTF8(input)
        work.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        var domainRTL = false
        var rs = 0
        var rawIndex = 0
        let count = scalars.count
        while true {
            var re = rs
            while re < count && !IDNAConverter.isSeparator(scalars[re]) { re += 1 }
            if try processRawLabel(rs, re, first: rawIndex == 0) { domainRTL = true }
            rawIndex += 1
            if re >= count { break }
            rs = re + 1
        }

        // Empty labels: only a trailing root label may be empty, and not as the only label.
        for (idx, l) in labels.enumerated() where l.uEnd == l.uStart {
            if idx == labels.count - 1 && idx > 0 && labels[idx - 1].uEnd > labels[idx - 1].uStart { continue }
            throw fail(.emptyLabel, l)
        }

        if domainRTL {
            for l in labels where l.kind != 2 && l.uEnd > l.uStart {
                try checkBidi(l)
            }
        }

        if wantASCII {
            let start = ascii.count
            for (idx, l) in labels.enumerated() {
                if idx > 0 { ascii.append(0x2E) }
                let ls = ascii.count
                switch l.kind {
                case 1:
                    for i in l.aStart..<l.aEnd { ascii.append(UInt8(truncatingIfNeeded: work[i])) }
                case 2:
                    for i in l.uStart..<l.uEnd { ascii.append(UInt8(truncatingIfNeeded: work[i])) }
                default:
                    if l.isASCII {
                        for i in l.uStart..<l.uEnd { ascii.append(UInt8(truncatingIfNeeded: work[i])) }
                    } else {
                        ascii.append(contentsOf: [0x78, 0x6E, 0x2D, 0x2D])
                        do throws(PunycodeError) {
                            try work.withUnsafeBufferPointer { (w) throws(PunycodeError) in
                                try Punycode.encode(UnsafeBufferPointer(rebasing: w[l.uStart..<l.uEnd]), into: &ascii)
                            }
                        } catch {
                            throw fail(.punycode, l, nil, "label too long to encode")
                        }
                    }
                }
                let len = ascii.count - ls
                if len > 63 { throw fail(.labelTooLong, l, nil, String(len)) }
            }
            var total = ascii.count - start
            if let last = labels.last, last.uEnd == last.uStart, labels.count > 1 { total -= 1 }
            if total > 253 {
                throw IDNAError(rule: .nameTooLong, label: rawString(0, scalars.count), detail: String(total))
            }
        }
        if wantUnicode {
            for (idx, l) in labels.enumerated() {
                if idx > 0 { unicode.append(0x2E) }
                for i in l.uStart..<l.uEnd { IDNAConverter.appendUTF8(work[i], to: &unicode) }
            }
        }
    }

    @inline(__always)
    static func appendUTF8(_ c: UInt32, to out: inout [UInt8]) {
        if c < 0x80 {
            out.append(UInt8(c))
        } else if c < 0x800 {
            out.append(UInt8(0xC0 | (c >> 6)))
            out.append(UInt8(0x80 | (c & 0x3F)))
        } else if c < 0x10000 {
            out.append(UInt8(0xE0 | (c >> 12)))
            out.append(UInt8(0x80 | ((c >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (c & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (c >> 18)))
            out.append(UInt8(0x80 | ((c >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((c >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (c & 0x3F)))
        }
    }

    static let nfcBits: UInt32 = (0xFF << 8) | (3 << 16)
    static let rtlBit: UInt32 = 1 << 24
    static let contextBit: UInt32 = 1 << 25

    /// Maps, normalizes, splits and validates one label as given (between separators).
    /// Returns whether it contributes an RTL label.
    private mutating func processRawLabel(_ rs: Int, _ re: Int, first: Bool) throws(IDNAError) -> Bool {
        var probe = Label(kind: 0, uStart: work.count, uEnd: work.count, aStart: 0, aEnd: 0, rawStart: rs, rawEnd: re, isASCII: true)
        // Pass-through labels.
        if first && re - rs == 1 && scalars[rs] == 0x2A {
            work.append(0x2A)
            probe.kind = 2
            probe.uEnd = work.count
            labels.append(probe)
            return false
        }
        if re > rs && scalars[rs] == 0x5F {
            for i in rs..<re {
                let c = scalars[i]
                let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
                if !ok { throw fail(.underscoreLabel, probe, c) }
                work.append(c)
            }
            probe.kind = 2
            probe.uEnd = work.count
            labels.append(probe)
            return false
        }

        // 1. Map (UTS #46 section 4 step 1), with UseSTD3ASCIIRules.
        let segStart = work.count
        var flags: UInt32 = 0
        var sawNV8 = false
        for i in rs..<re {
            let c = scalars[i]
            if c < 0x80 {
                if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D {
                    work.append(c)
                } else if c >= 0x41 && c <= 0x5A {
                    work.append(c | 0x20)
                } else {
                    throw fail(.disallowedSTD3, probe, c)
                }
                continue
            }
            let p = tables.props(c)
            switch p.statusBits {
            case 0, 2:
                work.append(c)
                flags |= p.raw
            case 7:
                // Valid in UTS #46 but not in IDNA2008 (NV8/XV8): judged after NFC, since
                // e.g. conjoining jamo compose into a valid syllable.
                work.append(c)
                flags |= p.raw
                sawNV8 = true
            case 1:
                for m in tables.mapping(c) {
                    work.append(m)
                    let mp = tables.props(m)
                    flags |= mp.raw
                    if mp.statusBits == 7 { sawNV8 = true }  // e.g. U+00BC -> 1 U+2044 4
                }
            case 3:
                break
            case 5, 6:
                throw fail(.disallowedSTD3, probe, c)
            default:
                throw fail(.disallowed, probe, c)
            }
        }

        // 2. Normalize to NFC.
        if flags & IDNAConverter.nfcBits != 0 {
            let qc = work.withUnsafeBufferPointer { tables.nfcQuickCheck(UnsafeBufferPointer(rebasing: $0[segStart...])) }
            if qc != .yes {
                tmp.removeAll(keepingCapacity: true)
                work.withUnsafeBufferPointer { tables.appendNFC(UnsafeBufferPointer(rebasing: $0[segStart...]), to: &tmp) }
                work.removeSubrange(segStart...)
                work.append(contentsOf: tmp)
                flags = 0
                sawNV8 = false
                for i in segStart..<work.count {
                    let c = work[i]
                    let p = tables.props(c)
                    flags |= p.raw
                    if c >= 0x80 && p.statusBits != 0 && p.statusBits != 2 {
                        if p.statusBits != 7 { throw fail(.disallowed, probe, c) }
                        sawNV8 = true
                    }
                }
            }
        }
        if sawNV8 {
            for i in segStart..<work.count where work[i] >= 0x80 && tables.props(work[i]).statusBits == 7 {
                throw fail(.notIDNA2008, probe, work[i])
            }
        }

        // 3. Break into labels (mapping can produce U+002E), 4. convert/validate.
        let segEnd = work.count
        var rtl = false
        var ls = segStart
        while true {
            var le = ls
            while le < segEnd && work[le] != 0x2E { le += 1 }
            var label = probe
            label.uStart = ls
            label.uEnd = le
            if le - ls >= 4 && work[ls] == 0x78 && work[ls + 1] == 0x6E && work[ls + 2] == 0x2D && work[ls + 3] == 0x2D {
                if try processALabel(&label) { rtl = true }
            } else {
                var f = flags
                if segEnd - segStart != le - ls {  // several labels: recompute this one's flags
                    f = 0
                    for i in ls..<le where work[i] >= 0x80 { f |= tables.props(work[i]).raw }
                }
                var isASCII = true
                for i in ls..<le where work[i] >= 0x80 { isASCII = false; break }
                label.isASCII = isASCII
                try validate(label, flags: f)
                if f & IDNAConverter.rtlBit != 0 { rtl = true }
            }
            labels.append(label)
            if le >= segEnd { break }
            ls = le + 1
        }
        return rtl
    }

    /// Decodes, validates and round-trips an `xn--` label.
    private mutating func processALabel(_ label: inout Label) throws(IDNAError) -> Bool {
        let aStart = label.uStart, aEnd = label.uEnd
        bytes.removeAll(keepingCapacity: true)
        for i in (aStart + 4)..<aEnd {
            let c = work[i]
            if c >= 0x80 { throw fail(.punycode, label, c, "non-ASCII character") }
            bytes.append(UInt8(c))
        }
        let dStart = work.count
        do throws(PunycodeError) {
            try bytes.withUnsafeBufferPointer { (b) throws(PunycodeError) in try Punycode.decode(b, into: &work) }
        } catch {
            throw fail(.punycode, label, nil, error == .overflow ? "overflow (RFC 3492 6.4)" : "bad digit or structure")
        }
        let dEnd = work.count
        label.kind = 1
        label.aStart = aStart
        label.aEnd = aEnd
        label.uStart = dStart
        label.uEnd = dEnd
        label.isASCII = false
        var allASCII = true
        var flags: UInt32 = 0
        for i in dStart..<dEnd {
            let c = work[i]
            if c == 0x2E { throw fail(.fullStopInLabel, label, c) }
            let p = tables.props(c)
            if c >= 0x80 { allASCII = false }
            switch p.statusBits {
            case 0, 2: break
            case 7: throw fail(.notIDNA2008, label, c)
            case 5, 6: throw fail(.disallowedSTD3, label, c)
            default: throw fail(.invalidInALabel, label, c)
            }
            flags |= p.raw
        }
        if dEnd == dStart || allASCII {
            throw fail(.aLabelRoundTrip, label, nil, "A-label decodes to plain ASCII (or nothing), so it is not a valid A-label")
        }
        // NFC (UTS #46 4.1 step 1).
        let qc = work.withUnsafeBufferPointer { tables.nfcQuickCheck(UnsafeBufferPointer(rebasing: $0[dStart..<dEnd])) }
        if qc == .no { throw fail(.notNFC, label) }
        if qc == .maybe {
            tmp.removeAll(keepingCapacity: true)
            work.withUnsafeBufferPointer { tables.appendNFC(UnsafeBufferPointer(rebasing: $0[dStart..<dEnd]), to: &tmp) }
            if !tmp.elementsEqual(work[dStart..<dEnd]) { throw fail(.notNFC, label) }
        }
        // Round trip: re-encoding must give the identical ASCII.
        bytes.removeAll(keepingCapacity: true)
        do throws(PunycodeError) {
            try work.withUnsafeBufferPointer { (w) throws(PunycodeError) in
                try Punycode.encode(UnsafeBufferPointer(rebasing: w[dStart..<dEnd]), into: &bytes)
            }
        } catch {
            throw fail(.punycode, label, nil, "overflow (RFC 3492 6.4)")
        }
        var same = bytes.count == aEnd - aStart - 4
        if same {
            for k in 0..<bytes.count where UInt32(bytes[k]) != work[aStart + 4 + k] { same = false; break }
        }
        if !same { throw fail(.aLabelRoundTrip, label) }
        try validate(label, flags: flags)
        return flags & IDNAConverter.rtlBit != 0
    }

    /// UTS #46 4.1 steps 2, 3, 5 and 7 (hyphens, leading mark, CONTEXTJ) plus CONTEXTO.
    private func validate(_ label: Label, flags: UInt32) throws(IDNAError) {
        let s = label.uStart, e = label.uEnd
        let n = e - s
        if n == 0 { return }
        if n >= 4 && work[s + 2] == 0x2D && work[s + 3] == 0x2D { throw fail(.hyphen34, label) }
        if work[s] == 0x2D || work[e - 1] == 0x2D { throw fail(.hyphenStartEnd, label) }
        if work[s] >= 0x80 && tables.props(work[s]).isMark { throw fail(.leadingCombiningMark, label, work[s]) }
        if flags & IDNAConverter.contextBit != 0 { try checkContext(label) }
    }

    private func checkContext(_ label: Label) throws(IDNAError) {
        let s = label.uStart, e = label.uEnd
        for i in s..<e {
            let c = work[i]
            guard c >= 0xB7 else { continue }
            switch c {
            case 0x200C:
                if i > s && tables.props(work[i - 1]).ccc == 9 { continue }
                var j = i - 1
                while j >= s && tables.props(work[j]).joiningType == .T { j -= 1 }
                let left = j >= s ? tables.props(work[j]).joiningType : .U
                var k = i + 1
                while k < e && tables.props(work[k]).joiningType == .T { k += 1 }
                let right = k < e ? tables.props(work[k]).joiningType : .U
                if (left == .L || left == .D) && (right == .R || right == .D) { continue }
                throw fail(.contextJ, label, c)
            case 0x200D:
                if i > s && tables.props(work[i - 1]).ccc == 9 { continue }
                throw fail(.contextJ, label, c)
            case 0x00B7:
                if i > s && i + 1 < e && work[i - 1] == 0x6C && work[i + 1] == 0x6C { continue }
                throw fail(.contextO, label, c)
            case 0x0375:
                if i + 1 < e && tables.props(work[i + 1]).scriptClass == 1 { continue }
                throw fail(.contextO, label, c)
            case 0x05F3, 0x05F4:
                if i > s && tables.props(work[i - 1]).scriptClass == 2 { continue }
                throw fail(.contextO, label, c)
            case 0x30FB:
                var ok = false
                for j in s..<e where tables.props(work[j]).scriptClass == 3 { ok = true; break }
                if ok { continue }
                throw fail(.contextO, label, c)
            case 0x0660...0x0669:
                for j in s..<e where work[j] >= 0x06F0 && work[j] <= 0x06F9 { throw fail(.contextO, label, c) }
            case 0x06F0...0x06F9:
                for j in s..<e where work[j] >= 0x0660 && work[j] <= 0x0669 { throw fail(.contextO, label, c) }
            default:
                continue
            }
        }
    }

    /// RFC 5893 section 2, for every label of a Bidi domain name.
    private func checkBidi(_ label: Label) throws(IDNAError) {
        let s = label.uStart, e = label.uEnd
        let firstClass = tables.props(work[s]).bidi
        // last non-NSM character
        var last = e - 1
        while last > s && tables.props(work[last]).bidi == .NSM { last -= 1 }
        switch firstClass {
        case .R, .AL:
            var hasEN = false, hasAN = false
            for i in s..<e {
                let b = tables.props(work[i]).bidi
                switch b {
                case .R, .AL, .ES, .CS, .ET, .ON, .BN, .NSM: break
                case .EN: hasEN = true
                case .AN: hasAN = true
                default: throw fail(.bidi2, label, work[i])
                }
                if hasEN && hasAN { throw fail(.bidi4, label, work[i]) }
            }
            switch tables.props(work[last]).bidi {
            case .R, .AL, .EN, .AN: break
            default: throw fail(.bidi3, label, work[last])
            }
        case .L:
            for i in s..<e {
                switch tables.props(work[i]).bidi {
                case .L, .EN, .ES, .CS, .ET, .ON, .BN, .NSM: break
                default: throw fail(.bidi5, label, work[i])
                }
            }
            switch tables.props(work[last]).bidi {
            case .L, .EN: break
            default: throw fail(.bidi6, label, work[last])
            }
        default:
            throw fail(.bidi1, label, work[s])
        }
    }
}
