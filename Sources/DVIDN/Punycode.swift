// Punycode (RFC 3492), with the overflow handling of its section 6.4.

public enum PunycodeError: Error, Sendable, Equatable {
    /// A character that is not a basic code point, or a bad digit.
    case invalidInput
    /// An integer would exceed 32 bits, or a decoded code point is out of range.
    case overflow
}

public enum Punycode {
    static let base: UInt32 = 36, tMin: UInt32 = 1, tMax: UInt32 = 26
    static let skew: UInt32 = 38, damp: UInt32 = 700
    static let initialBias: UInt32 = 72, initialN: UInt32 = 0x80
    static let maxInt = UInt32.max

    @inline(__always)
    static func adapt(_ delta: UInt32, _ numPoints: UInt32, _ firstTime: Bool) -> UInt32 {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k: UInt32 = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    @inline(__always)
    static func digitValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c) - 22  // 0-9 -> 26-35
        case 0x41...0x5A: return UInt32(c) - 0x41
        case 0x61...0x7A: return UInt32(c) - 0x61
        default: return nil
        }
    }

    @inline(__always)
    static func digitChar(_ d: UInt32) -> UInt8 {
        d < 26 ? UInt8(d + 0x61) : UInt8(d + 22)  // a-z, 0-9 (lowercase output)
    }

    /// Decodes Punycode (the part after `xn--`), appending code points to `output`.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt32]) throws(PunycodeError) {
        let start = output.count
        var n = initialN, i: UInt32 = 0, bias = initialBias
        // Basic code points: everything before the last delimiter.
        var b = 0
        if let last = input.lastIndex(of: 0x2D) { b = last }
        for j in 0..<b {
            let c = input[j]
            if c >= 0x80 { throw .invalidInput }
            output.append(UInt32(c))
        }
        var pos = b > 0 ? b + 1 : 0
        while pos < input.count {
            let oldi = i
            var w: UInt32 = 1
            var k = base
            while true {
                if pos >= input.count { throw .invalidInput }
                guard let digit = digitValue(input[pos]) else { throw .invalidInput }
                pos += 1
                if digit > (maxInt - i) / w { throw .overflow }
                i += digit * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                if w > maxInt / (base - t) { throw .overflow }
                w *= base - t
                k += base
            }
            let count = UInt32(output.count - start + 1)
            bias = adapt(i - oldi, count, oldi == 0)
            if i / count > maxInt - n { throw .overflow }
            n += i / count
            i %= count
            if n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) { throw .overflow }
            output.insert(n, at: start + Int(i))
            i += 1
        }
    }

    /// Encodes code points as Punycode (without the `xn--` prefix), appending ASCII to `output`.
    static func encode(_ input: UnsafeBufferPointer<UInt32>, into output: inout [UInt8]) throws(PunycodeError) {
        // Worst case: every code point needs at most 11 digits (a 32-bit delta with t = tmax divides by 10 per digit), plus basic ones and '-'.
        let capacity = input.count * 12 + 2
        let written: Int
        if capacity <= 1024 {
            written = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { (buf) throws(PunycodeError) -> Int in
                let n = try encode(input, buf.baseAddress!)
                output.append(contentsOf: UnsafeBufferPointer(start: buf.baseAddress, count: n))
                return n
            }
        } else {
            let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { buf.deallocate() }
            written = try encode(input, buf)
            output.append(contentsOf: UnsafeBufferPointer(start: buf, count: written))
        }
        _ = written
    }

    /// The encoder proper, writing to a buffer of at least `input.count * 12 + 2` bytes.
    static func encode(_ input: UnsafeBufferPointer<UInt32>, _ out: UnsafeMutablePointer<UInt8>) throws(PunycodeError) -> Int {
        var o = 0
        var n = initialN, delta: UInt32 = 0, bias = initialBias
        var basicCount: UInt32 = 0
        for c in input where c < 0x80 {
            out[o] = UInt8(truncatingIfNeeded: c)
            o += 1
            basicCount += 1
        }
        var h = basicCount
        if basicCount > 0 { out[o] = 0x2D; o += 1 }
        let total = UInt32(input.count)
        while h < total {
            var m = maxInt
            for c in input where c >= n && c < m { m = c }
            if (m - n) > (maxInt - delta) / (h + 1) { throw .overflow }
            delta += (m - n) * (h + 1)
            n = m
            for c in input {
                if c < n {
                    if delta == maxInt { throw .overflow }
                    delta += 1
                } else if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        let d = base - t
                        let qt = q - t
                        out[o] = digitChar(t + qt % d)
                        o += 1
                        q = qt / d
                        k += base
                    }
                    out[o] = digitChar(q)
                    o += 1
                    bias = adapt(delta, h + 1, h == basicCount)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return o
    }

    /// Decodes a Punycode string (no `xn--` prefix) to Unicode.
    public static func decode(_ s: String) throws(PunycodeError) -> String {
        var out = [UInt32]()
        let bytes = Array(s.utf8)
        try bytes.withUnsafeBufferPointer { (b) throws(PunycodeError) in try decode(b, into: &out) }
        var view = String.UnicodeScalarView()
        for c in out { view.append(Unicode.Scalar(c)!) }
        return String(view)
    }

    /// Encodes a Unicode string as Punycode (no `xn--` prefix). Basic code points keep their case.
    public static func encode(_ s: String) throws(PunycodeError) -> String {
        let scalars = s.unicodeScalars.map { $0.value }
        var out = [UInt8]()
        try scalars.withUnsafeBufferPointer { (b) throws(PunycodeError) in try encode(b, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
