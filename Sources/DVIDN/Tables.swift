// Runtime access to the generated Unicode tables (see scripts/gen-idna-tables).

/// The base64 alphabet as a 256-entry reverse table (0xFF = skip).
private let base64Reverse: [UInt8] = {
    var lookup = [UInt8](repeating: 0xFF, count: 256)
    for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
        lookup[Int(c)] = UInt8(i)
    }
    return lookup
}()

/// Decodes base64 (ignoring newlines, backslashes and padding) into `out`; returns the byte count.
private func decodeBase64(_ text: String, into out: UnsafeMutablePointer<UInt8>?, capacity: Int) -> Int {
    var text = text
    return text.withUTF8 { utf8 -> Int in
        base64Reverse.withUnsafeBufferPointer { lookup -> Int in
            var acc: UInt32 = 0, bits: UInt32 = 0, n = 0
            for c in utf8 {
                let v = lookup[Int(c)]
                if v == 0xFF { continue }
                acc = (acc << 6) | UInt32(v)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    if let out, n < capacity { out[n] = UInt8(truncatingIfNeeded: acc >> bits) }
                    n += 1
                }
            }
            return n
        }
    }
}

/// Decodes a base64 literal into bytes.
func decodeBase64(_ text: String) -> [UInt8] {
    let capacity = text.utf8.count * 3 / 4 + 3
    return [UInt8](unsafeUninitializedCapacity: capacity) { buf, count in
        count = decodeBase64(text, into: buf.baseAddress, capacity: capacity)
    }
}

/// Allocates a never-freed buffer of little-endian integers decoded from base64.
func decodeTable<T: FixedWidthInteger>(_ text: String, as: T.Type) -> UnsafeBufferPointer<T> {
    let capacity = text.utf8.count * 3 / 4 + 3
    let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity + MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
    let bytes = decodeBase64(text, into: raw.assumingMemoryBound(to: UInt8.self), capacity: capacity)
    let count = bytes / MemoryLayout<T>.size
    let typed = raw.bindMemory(to: T.self, capacity: count)
    if T(littleEndian: 1) != 1 {  // big-endian host
        for i in 0..<count { typed[i] = T(littleEndian: typed[i]) }
    }
    return UnsafeBufferPointer(start: typed, count: count)
}

/// IDNA status values stored in the low three bits of a property word.
enum IDNAStatus: UInt32 {
    case valid = 0, mapped = 1, deviation = 2, ignored = 3, disallowed = 4
    case disallowedSTD3Valid = 5, disallowedSTD3Mapped = 6, validNV8 = 7
}

/// Bidi classes, in the generator's order.
enum BidiClass: UInt32 {
    case L = 0, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON, LRE, LRO, RLE, RLO, PDF, LRI, RLI, FSI, PDI
}

/// Joining_Type values, in the generator's order.
enum JoiningType: UInt32 { case U = 0, C, D, R, L, T }

/// A property word for one code point; see the generator's docstring for the layout.
struct Props {
    let raw: UInt32
    @inline(__always) init(_ raw: UInt32) { self.raw = raw }
    @inline(__always) var status: IDNAStatus { IDNAStatus(rawValue: raw & 7)! }
    @inline(__always) var statusBits: UInt32 { raw & 7 }
    @inline(__always) var bidi: BidiClass { BidiClass(rawValue: (raw >> 3) & 31) ?? .ON }
    @inline(__always) var ccc: UInt8 { UInt8((raw >> 8) & 0xFF) }
    @inline(__always) var nfcQC: UInt32 { (raw >> 16) & 3 }  // 0 yes, 1 no, 2 maybe
    @inline(__always) var isMark: Bool { raw & (1 << 18) != 0 }
    @inline(__always) var joiningType: JoiningType { JoiningType(rawValue: (raw >> 19) & 7) ?? .U }
    @inline(__always) var scriptClass: UInt32 { (raw >> 22) & 3 }  // 1 Greek, 2 Hebrew, 3 Hira/Kana/Han
    @inline(__always) var isRTL: Bool { raw & (1 << 24) != 0 }
    @inline(__always) var needsContext: Bool { raw & (1 << 25) != 0 }
    @inline(__always) var notSimple: Bool { raw & (1 << 26) != 0 }
}

/// All decoded tables; built once, immutable afterwards.
// @unchecked Sendable: the buffers are decoded once in init and never written afterwards, only read.
final class Tables: @unchecked Sendable {
    static let shared = Tables()

    let shift: UInt32
    let mask: UInt32
    let values: UnsafeBufferPointer<UInt32>
    let stage1: UnsafeBufferPointer<UInt16>
    let stage2: UnsafeBufferPointer<UInt16>
    let mappingKeys: UnsafeBufferPointer<UInt32>
    let mappingValues: UnsafeBufferPointer<UInt32>
    let mappingData: UnsafeBufferPointer<UInt32>
    let decompositionKeys: UnsafeBufferPointer<UInt32>
    let decompositionValues: UnsafeBufferPointer<UInt32>
    let decompositionData: UnsafeBufferPointer<UInt32>
    let compositionKeys: UnsafeBufferPointer<UInt64>
    let compositionValues: UnsafeBufferPointer<UInt32>

    private init() {
        shift = UInt32(GeneratedTables.stageShift)
        mask = (1 << shift) - 1
        values = decodeTable(GeneratedTables.propertyValues, as: UInt32.self)
        stage1 = decodeTable(GeneratedTables.stage1, as: UInt16.self)
        stage2 = decodeTable(GeneratedTables.stage2, as: UInt16.self)
        mappingKeys = decodeTable(GeneratedTables.mappingKeys, as: UInt32.self)
        mappingValues = decodeTable(GeneratedTables.mappingValues, as: UInt32.self)
        mappingData = decodeTable(GeneratedTables.mappingData, as: UInt32.self)
        decompositionKeys = decodeTable(GeneratedTables.decompositionKeys, as: UInt32.self)
        decompositionValues = decodeTable(GeneratedTables.decompositionValues, as: UInt32.self)
        decompositionData = decodeTable(GeneratedTables.decompositionData, as: UInt32.self)
        let lo = decodeTable(GeneratedTables.compositionKeysLow, as: UInt32.self)
        let hi = decodeTable(GeneratedTables.compositionKeysHigh, as: UInt32.self)
        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: lo.count)
        for i in 0..<lo.count { keys[i] = UInt64(hi[i]) << 32 | UInt64(lo[i]) }
        UnsafeMutableRawPointer(mutating: lo.baseAddress)?.deallocate()
        UnsafeMutableRawPointer(mutating: hi.baseAddress)?.deallocate()
        compositionKeys = UnsafeBufferPointer(keys)
        compositionValues = decodeTable(GeneratedTables.compositionValues, as: UInt32.self)
    }

    @inline(__always)
    func props(_ cp: UInt32) -> Props {
        if cp >= 0x110000 { return Props(4 | (13 << 3) | (1 << 26)) }
        let block = UInt32(stage1[Int(cp >> shift)])
        return Props(values[Int(stage2[Int((block << shift) | (cp & mask))])])
    }

    @inline(__always)
    static func search(_ keys: UnsafeBufferPointer<UInt32>, _ key: UInt32) -> Int? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let k = keys[mid]
            if k == key { return mid }
            if k < key { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The UTS #46 mapping of a `mapped` / `disallowed_STD3_mapped` code point.
    func mapping(_ cp: UInt32) -> UnsafeBufferPointer<UInt32> {
        guard let i = Tables.search(mappingKeys, cp) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let v = mappingValues[i]
        return UnsafeBufferPointer(rebasing: mappingData[Int(v >> 5)..<Int(v >> 5) + Int(v & 31)])
    }

    /// The full canonical decomposition (non-Hangul), or nil.
    func decomposition(_ cp: UInt32) -> UnsafeBufferPointer<UInt32>? {
        guard let i = Tables.search(decompositionKeys, cp) else { return nil }
        let v = decompositionValues[i]
        return UnsafeBufferPointer(rebasing: decompositionData[Int(v >> 5)..<Int(v >> 5) + Int(v & 31)])
    }

    /// The primary composite of a pair, or nil.
    func compose(_ a: UInt32, _ b: UInt32) -> UInt32? {
        let key = UInt64(a) << 21 | UInt64(b)
        var lo = 0, hi = compositionKeys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let k = compositionKeys[mid]
            if k == key { return compositionValues[mid] }
            if k < key { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}
