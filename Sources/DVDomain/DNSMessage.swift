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
            (self.name, self.type, self.recordClass) = (name, type, recordClass)
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
