/// One resource record as a value.
public struct ResourceRecord: Sendable, Hashable {
    public var name: DNSName
    public var type: RecordType
    public var ttl: UInt32
    public var data: RecordData
    /// The whole record in uncompressed wire format, kept only from DNSSEC answers (DO set): signatures are
    /// checked over these bytes, never over a re-encoding of `data`.
    public var wire: [UInt8]?

    public init(name: DNSName, type: RecordType, ttl: UInt32, data: RecordData, wire: [UInt8]? = nil) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.data = data
        self.wire = wire
    }
}
