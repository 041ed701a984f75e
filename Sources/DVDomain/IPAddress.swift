import Glibc

/// An IPv4 or IPv6 address as a value; text forms follow inet_pton/inet_ntop.
public enum IPAddress: Sendable, Hashable {
    case v4(UInt8, UInt8, UInt8, UInt8)
    case v6([UInt8])

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text; nil when it is neither.
    public init?(_ text: String) {
        if let bytes = IPAddress.pton(AF_INET, text, count: 4) {
            self = .v4(bytes[0], bytes[1], bytes[2], bytes[3])
        } else if let bytes = IPAddress.pton(AF_INET6, text, count: 16) {
            self = .v6(bytes)
        } else {
            return nil
        }
    }

    /// From 4 or 16 raw bytes.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: self = .v4(bytes[0], bytes[1], bytes[2], bytes[3])
        case 16: self = .v6(bytes)
        default: return nil
        }
    }

    public var isIPv6: Bool { if case .v6 = self { true } else { false } }

    public var bytes: [UInt8] {
        switch self {
        case let .v4(a, b, c, d): [a, b, c, d]
        case let .v6(bytes): bytes
        }
    }

    private static func pton(_ family: Int32, _ text: String, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) } == 1
        return ok ? bytes : nil
    }
}

extension IPAddress: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .v4(a, b, c, d):
            return "\(a).\(b).\(c).\(d)"
        case let .v6(bytes):
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            bytes.withUnsafeBytes { raw in
                _ = inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count))
            }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

extension IPAddress: TextCodable {
    public init?(presentation text: String) { self.init(text) }
}

extension IPAddress: Comparable {
    /// IPv4 before IPv6, then by bytes: a stable order for tables and JSON.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.isIPv6 != rhs.isIPv6 { return !lhs.isIPv6 }
        return lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
