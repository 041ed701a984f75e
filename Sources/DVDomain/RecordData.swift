/// The RDATA of the types dvtool interprets; anything else keeps its presentation text.
public enum RecordData: Sendable, Hashable {
    case address(IPAddress)
    case name(DNSName)
    case soa(SOARecord)
    /// The character-strings of a TXT record, as sent (not joined).
    case txt([[UInt8]])
    case caa(flags: UInt8, tag: String, value: [UInt8])
    case other(String)
}

public struct SOARecord: Sendable, Hashable, Codable {
    public var primaryServer: DNSName
    public var responsibleMailbox: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    /// The negative-caching TTL field (RFC 2308).
    public var minimum: UInt32

    public init(primaryServer: DNSName, responsibleMailbox: DNSName, serial: UInt32,
                refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}

extension ResourceRecord {
    public var address: IPAddress? {
        if case let .address(address) = data { address } else { nil }
    }

    public var target: DNSName? {
        if case let .name(name) = data { name } else { nil }
    }

    public var soa: SOARecord? {
        if case let .soa(soa) = data { soa } else { nil }
    }

    /// TXT strings joined with no separator, as validators compare them.
    public var joinedText: String? {
        guard case let .txt(strings) = data else { return nil }
        return String(decoding: strings.joined(), as: UTF8.self)
    }
}

extension ResourceRecord: CustomStringConvertible {
    public var description: String { "\(name) \(ttl) IN \(type) \(data)" }
}

extension RecordData: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .address(address): address.description
        case let .name(name): name.description
        case let .soa(soa):
            "\(soa.primaryServer) \(soa.responsibleMailbox) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimum)"
        case let .txt(strings): strings.map { "\"\(String(decoding: $0, as: UTF8.self))\"" }.joined(separator: " ")
        case let .caa(flags, tag, value): "\(flags) \(tag) \"\(String(decoding: value, as: UTF8.self))\""
        case let .other(text): text
        }
    }
}
