/// What to ask: the question plus the header and EDNS bits a client controls.
public struct DNSQuery: Sendable, Hashable {
    public var name: DNSName
    public var type: RecordType
    /// RD: ask a recursive resolver to recurse; authoritative checks send RD=0.
    public var recursionDesired: Bool
    /// CD: ask a validating resolver not to validate.
    public var checkingDisabled: Bool
    /// EDNS0 DO bit.
    public var dnssecOK: Bool
    /// EDNS0 UDP payload size; nil sends no OPT record.
    public var ednsBufferSize: UInt16?

    public init(name: DNSName, type: RecordType, recursionDesired: Bool = false,
                checkingDisabled: Bool = false, dnssecOK: Bool = false, ednsBufferSize: UInt16? = 1232) {
        self.name = name
        self.type = type
        self.recursionDesired = recursionDesired
        self.checkingDisabled = checkingDisabled
        self.dnssecOK = dnssecOK
        self.ednsBufferSize = ednsBufferSize
    }
}
