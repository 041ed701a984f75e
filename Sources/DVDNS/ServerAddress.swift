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

extension ServerAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = ServerAddress(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a server address: \(text)")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
