/// A DNS code that has mnemonics (a record type, a response code): one table of its known codes serves both
/// directions, and any other code is spelled with the prefix and its number (RFC 3597's `TYPE65`, `RCODE23`).
public protocol DNSCode: RawRepresentable<UInt16>, Hashable, TextCodable {
    /// The known codes and their mnemonics, in the order they are listed.
    static var mnemonics: [(Self, String)] { get }
    /// How a code without a mnemonic is spelled before its number: `TYPE`, `RCODE`.
    static var numberPrefix: String { get }
}

extension DNSCode {
    public var description: String {
        Self.mnemonics.first(where: { $0.0 == self })?.1 ?? Self.numberPrefix + String(rawValue)
    }

    /// Accepts a mnemonic (`AAAA`, case-insensitive) or the prefix and a number (`TYPE65`).
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if let known = Self.mnemonics.first(where: { $0.1 == upper }) {
            self = known.0
        } else if upper.hasPrefix(Self.numberPrefix), let code = UInt16(upper.dropFirst(Self.numberPrefix.count)),
                  let value = Self(rawValue: code) {
            self = value
        } else {
            return nil
        }
    }

    public init?(presentation text: String) { self.init(mnemonic: text) }
}

/// A DNS RR type; named constants for the types dvtool reads, any other code passes through.
public struct RecordType: DNSCode, Sendable {
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

    public static let mnemonics: [(RecordType, String)] = [
        (.a, "A"), (.ns, "NS"), (.cname, "CNAME"), (.soa, "SOA"), (.txt, "TXT"),
        (.aaaa, "AAAA"), (.opt, "OPT"), (.caa, "CAA"), (.ds, "DS"), (.rrsig, "RRSIG"), (.nsec, "NSEC"),
        (.dnskey, "DNSKEY"), (.nsec3, "NSEC3"), (.nsec3param, "NSEC3PARAM"),
    ]
    public static let numberPrefix = "TYPE"
}

/// DNS response codes (RFC 1035, RFC 6891 extended codes folded in).
public struct ResponseCode: DNSCode, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noError = ResponseCode(rawValue: 0)
    public static let formErr = ResponseCode(rawValue: 1)
    public static let servFail = ResponseCode(rawValue: 2)
    public static let nxDomain = ResponseCode(rawValue: 3)
    public static let notImp = ResponseCode(rawValue: 4)
    public static let refused = ResponseCode(rawValue: 5)

    // NOTAUTH and BADVERS have names only: dvtool never matches on them.
    public static let mnemonics: [(ResponseCode, String)] = [
        (.noError, "NOERROR"), (.formErr, "FORMERR"), (.servFail, "SERVFAIL"), (.nxDomain, "NXDOMAIN"), (.notImp, "NOTIMP"),
        (.refused, "REFUSED"), (ResponseCode(rawValue: 9), "NOTAUTH"), (ResponseCode(rawValue: 16), "BADVERS"),
    ]
    public static let numberPrefix = "RCODE"
}
