/// The fixed RDATA fields of DNSSEC records (RFC 4034, RFC 5155), read from a record's wire form.
extension ResourceRecord {
    /// RDATA bytes, found after the uncompressed owner name and the 10 bytes of type, class, TTL and length.
    var rdata: ArraySlice<UInt8>? {
        guard let wire else { return nil }
        var offset = 0
        while offset < wire.count, wire[offset] != 0 { offset += Int(wire[offset]) + 1 }
        offset += 11
        return offset <= wire.count ? wire[offset...] : nil
    }

    public var rrsig: RRSIGFields? { type == .rrsig ? rdata.flatMap(RRSIGFields.init) : nil }
    public var dnskey: DNSKEYFields? { type == .dnskey ? rdata.flatMap(DNSKEYFields.init) : nil }
    public var ds: DSFields? { type == .ds ? rdata.flatMap(DSFields.init) : nil }
    public var nsec3: NSEC3Fields? { type == .nsec3 ? rdata.flatMap(NSEC3Fields.init) : nil }
}

private func bigEndian<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, at offset: Int, as: T.Type) -> T {
    let start = bytes.startIndex + offset
    return bytes[start..<start + MemoryLayout<T>.size].reduce(T(0)) { $0 << 8 | T($1) }
}

/// DNSKEY and DS both open with a 16-bit field and two octets (flags, protocol, algorithm; key tag, algorithm,
/// digest type) before their key or digest.
private struct FixedHeader {
    let first: UInt16
    let third: UInt8
    let fourth: UInt8

    init?(_ rdata: ArraySlice<UInt8>) {
        guard rdata.count > 4 else { return nil }
        first = bigEndian(rdata, at: 0, as: UInt16.self)
        third = rdata[rdata.startIndex + 2]
        fourth = rdata[rdata.startIndex + 3]
    }
}

public struct RRSIGFields: Sendable, Hashable {
    public var typeCovered: RecordType
    public var algorithm: UInt8
    public var labels: UInt8
    public var originalTTL: UInt32
    /// Seconds since 1970 modulo 2^32 (RFC 4034 §3.1.5): compare with `window(at:)`, not with `<`.
    public var expiration: UInt32
    public var inception: UInt32
    public var keyTag: UInt16
    public var signer: DNSName

    init?(_ rdata: ArraySlice<UInt8>) {
        guard rdata.count > 18 else { return nil }
        typeCovered = RecordType(rawValue: bigEndian(rdata, at: 0, as: UInt16.self))
        algorithm = rdata[rdata.startIndex + 2]
        labels = rdata[rdata.startIndex + 3]
        originalTTL = bigEndian(rdata, at: 4, as: UInt32.self)
        expiration = bigEndian(rdata, at: 8, as: UInt32.self)
        inception = bigEndian(rdata, at: 12, as: UInt32.self)
        keyTag = bigEndian(rdata, at: 16, as: UInt16.self)
        signer = Array(rdata.dropFirst(18)).withUnsafeBufferPointer { DNSName(wire: $0) }
    }

    public enum Window: Sendable, Equatable { case current, expired, notYetValid }

    /// Where `moment` (seconds since 1970) falls in the signature's validity, in RFC 1982 serial arithmetic,
    /// so that dates after 2038 and 2106 compare as validators compare them.
    public func window(at moment: UInt32) -> Window {
        if Int32(bitPattern: moment &- inception) < 0 { return .notYetValid }
        if Int32(bitPattern: expiration &- moment) < 0 { return .expired }
        return .current
    }

    /// Seconds from `moment` until the signature expires (negative once it has).
    public func secondsLeft(at moment: UInt32) -> Int64 { Int64(Int32(bitPattern: expiration &- moment)) }
}

public struct DNSKEYFields: Sendable, Hashable {
    public var flags: UInt16
    /// Always 3 (RFC 4034 §2.1.2); part of what makes two records the same key.
    public var protocolNumber: UInt8
    public var algorithm: UInt8
    public var publicKey: [UInt8]

    init?(_ rdata: ArraySlice<UInt8>) {
        guard let header = FixedHeader(rdata) else { return nil }
        (flags, protocolNumber, algorithm) = (header.first, header.third, header.fourth)
        publicKey = Array(rdata.dropFirst(4))
    }

    /// Bit 7: a key validators may use for the zone's signatures (RFC 4034 §2.1.1).
    public var isZoneKey: Bool { flags & 0x0100 != 0 }
    /// Bit 15: published as the key the parent's DS points at (a KSK).
    public var isSecureEntryPoint: Bool { flags & 0x0001 != 0 }
    /// RFC 5011 revoked bit: such a key must not be used.
    public var isRevoked: Bool { flags & 0x0080 != 0 }
}

public struct DSFields: Sendable, Hashable {
    public var keyTag: UInt16
    public var algorithm: UInt8
    public var digestType: UInt8

    init?(_ rdata: ArraySlice<UInt8>) {
        guard let header = FixedHeader(rdata) else { return nil }
        (keyTag, algorithm, digestType) = (header.first, header.third, header.fourth)
    }
}

public struct NSEC3Fields: Sendable, Hashable {
    public var hashAlgorithm: UInt8
    public var optOut: Bool
    public var iterations: UInt16

    init?(_ rdata: ArraySlice<UInt8>) {
        guard rdata.count > 4 else { return nil }
        hashAlgorithm = rdata[rdata.startIndex]
        optOut = rdata[rdata.startIndex + 1] & 1 != 0
        iterations = bigEndian(rdata, at: 2, as: UInt16.self)
    }
}

/// DNSSEC algorithm numbers by their IANA mnemonic, for reports.
public func dnssecAlgorithmName(_ number: UInt8) -> String {
    switch number {
    case 5: "RSASHA1"
    case 7: "RSASHA1-NSEC3-SHA1"
    case 8: "RSASHA256"
    case 10: "RSASHA512"
    case 13: "ECDSAP256SHA256"
    case 14: "ECDSAP384SHA384"
    case 15: "ED25519"
    case 16: "ED448"
    default: "algorithm \(number)"
    }
}
