import DVDNS

/// What one response says about one name and type, after following CNAMEs inside the answer.
struct AnswerAnalysis {
    var addresses: [IPAddress] = []
    var cnames: [DNSName] = []
    var finalName: DNSName
    var ttl: UInt32?
    var negativeTTL: UInt32?
    var loops = false

    /// With a `zone`, records outside it are ignored, as a resolver ignores out-of-bailiwick data:
    /// a CNAME into another zone is followed by asking that zone's own servers.
    init(_ message: DNSMessage, name: DNSName, type: RecordType, zone: DNSName? = nil) {
        let followed = message.follow(from: name, type: type, within: zone)
        cnames = followed.cnames
        finalName = followed.finalName
        loops = followed.loops
        addresses = followed.records.compactMap(\.address).sorted()
        // The shortest TTL of the records and the CNAMEs, without building a list of them for every row.
        ttl = followed.records.reduce(followed.cnameTTL) { shortest, record in min(shortest ?? record.ttl, record.ttl) }
        if addresses.isEmpty { negativeTTL = message.negativeCachingTTL }
    }
}
