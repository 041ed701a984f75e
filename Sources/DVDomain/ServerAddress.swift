/// Where to send a query: an IP address and a port (53 unless given).
public struct ServerAddress: Sendable, Hashable {
    public var ip: IPAddress
    public var port: UInt16

    public init(ip: IPAddress, port: UInt16 = 53) {
        self.ip = ip
        self.port = port
    }

    /// Parses `ADDR`, `ADDR:PORT`, `[V6]` or `[V6]:PORT`; nil when malformed.
    public init?(parsing text: String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  let ip = IPAddress(String(text[text.index(after: text.startIndex)..<close])), ip.isIPv6
            else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { self.init(ip: ip); return }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0 else { return nil }
            self.init(ip: ip, port: port)
        } else if let ip = IPAddress(text) {
            self.init(ip: ip)
        } else if let colon = text.lastIndex(of: ":"), let ip = IPAddress(String(text[..<colon])), !ip.isIPv6,
                  let port = UInt16(text[text.index(after: colon)...]), port > 0 {
            self.init(ip: ip, port: port)
        } else {
            return nil
        }
    }
}

extension ServerAddress: CustomStringConvertible {
    public var description: String {
        if port == 53 { return ip.description }
        return ip.isIPv6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

extension ServerAddress: TextCodable {
    public init?(presentation text: String) { self.init(parsing: text) }
}

extension ServerAddress {
    /// The public resolvers dvtool compares by default: Cloudflare, Google, Quad9, and AliDNS and DNSPod,
    /// which answer from mainland China.
    public static let publicResolvers = ["1.1.1.1", "8.8.8.8", "9.9.9.9", "223.5.5.5", "119.29.29.29"].compactMap {
        ServerAddress(parsing: $0)
    }

    /// How a stale answer from this resolver bears on the CA, for problem messages: a public resolver is not
    /// the CA's, but it proves caches that asked before the change still hold the old answer.
    public var staleAnswerNote: String {
        guard Self.publicResolvers.contains(self) else { return "" }
        return " (\(self) is a public resolver: the CA does not ask it, but it shows that resolvers which asked before the change still hold the old answer, the CA's too if it already tried)"
    }
}
