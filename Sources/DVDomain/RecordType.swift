/// A DNS RR type; named constants for the types dvtool reads, any other code passes through.
public struct RecordType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = RecordType(rawValue: 1)
    public static let ns = RecordType(rawValue: 2)
    public static let cname = RecordType(rawValue: 5)
    public static let soa = RecordType(rawValue: 6)
    public static let txt = RecordType(rawValue: 16)
    public static let aaaa = RecordType(rawValue: 28)
    public static let opt = RecordType(rawValue: 41)
    public static let caa = RecordType(rawValue: 257)
    public static let ds = RecordType(rawValue: 43)
    public static let rrsig = RecordType(rawValue: 46)
    public static let nsec = RecordType(rawValue: 47)
    public static let dnskey = RecordType(rawValue: 48)
    public static let nsec3 = RecordType(rawValue: 50)
    public static let nsec3param = RecordType(rawValue: 51)

    static let mnemonics: [(RecordType, String)] = [
        (.a, "A"), (.ns, "NS"), (.cname, "CNAME"), (.soa, "SOA"), (.txt, "TXT"),
        (.aaaa, "AAAA"), (.opt, "OPT"), (.caa, "CAA"), (.ds, "DS"), (.rrsig, "RRSIG"), (.nsec, "NSEC"),
        (.dnskey, "DNSKEY"), (.nsec3, "NSEC3"), (.nsec3param, "NSEC3PARAM"),
    ]

    /// Accepts a mnemonic (`AAAA`, case-insensitive) or RFC 3597 `TYPEnnn`.
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if let known = RecordType.mnemonics.first(where: { $0.1 == upper }) {
            self = known.0
        } else if upper.hasPrefix("TYPE"), let code = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: code)
        } else {
            return nil
        }
    }
}

extension RecordType: CustomStringConvertible {
    public var description: String {
        RecordType.mnemonics.first(where: { $0.0 == self })?.1 ?? "TYPE\(rawValue)"
    }
}

extension RecordType: TextCodable {
    public init?(presentation text: String) { self.init(mnemonic: text) }
}

/// DNS response codes (RFC 1035, RFC 6891 extended codes folded in).
public struct ResponseCode: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noError = ResponseCode(rawValue: 0)
    public static let formErr = ResponseCode(rawValue: 1)
    public static let servFail = ResponseCode(rawValue: 2)
    public static let nxDomain = ResponseCode(rawValue: 3)
    public static let notImp = ResponseCode(rawValue: 4)
    public static let refused = ResponseCode(rawValue: 5)
}

extension ResponseCode: CustomStringConvertible {
    public var description: String {
        switch rawValue {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 9: "NOTAUTH"
        case 16: "BADVERS"
        default: "RCODE\(rawValue)"
        }
    }
}

extension ResponseCode: TextCodable {
    public init?(presentation text: String) {
        let known: [ResponseCode] = [.noError, .formErr, .servFail, .nxDomain, .notImp, .refused]
        if let match = known.first(where: { $0.description == text }) { self = match; return }
        guard text.hasPrefix("RCODE"), let value = UInt16(text.dropFirst(5)) else { return nil }
        self.init(rawValue: value)
    }
}
