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

/// A decoded DNS message.
public struct DNSMessage: Sendable, Hashable {
    public var id: UInt16
    public var isResponse: Bool
    public var rcode: ResponseCode
    public var authoritative: Bool
    public var truncated: Bool
    public var recursionDesired: Bool
    public var recursionAvailable: Bool
    public var authenticData: Bool
    public var checkingDisabled: Bool
    public var question: [Question]
    public var answer: [ResourceRecord]
    public var authority: [ResourceRecord]
    public var additional: [ResourceRecord]
    /// The EDNS0 payload size the sender advertised, when it sent OPT.
    public var ednsBufferSize: UInt16?
    /// RFC 8914 Extended DNS Errors the sender attached (a validating resolver's reason for SERVFAIL).
    public var extendedErrors: [ExtendedDNSError] = []

    public struct Question: Sendable, Hashable {
        public var name: DNSName
        public var type: RecordType
        public var recordClass: UInt16

        package init(name: DNSName, type: RecordType, recordClass: UInt16) {
            self.name = name
            self.type = type
            self.recordClass = recordClass
        }
    }

    public init(id: UInt16, isResponse: Bool, rcode: ResponseCode, authoritative: Bool, truncated: Bool,
                recursionDesired: Bool, recursionAvailable: Bool, authenticData: Bool, checkingDisabled: Bool,
                question: [Question], answer: [ResourceRecord], authority: [ResourceRecord],
                additional: [ResourceRecord], ednsBufferSize: UInt16?) {
        self.id = id
        self.isResponse = isResponse
        self.rcode = rcode
        self.authoritative = authoritative
        self.truncated = truncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.question = question
        self.answer = answer
        self.authority = authority
        self.additional = additional
        self.ednsBufferSize = ednsBufferSize
    }

    /// Whether this message answers `query`: same question, case-insensitively.
    public func answers(_ query: DNSQuery) -> Bool {
        isResponse && question.count == 1 && question[0].name == query.name
            && question[0].type == query.type && question[0].recordClass == 1
    }
}
