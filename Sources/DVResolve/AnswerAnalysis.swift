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
        var current = name
        var seen: Set<DNSName> = [name]
        var ttl: UInt32?
        while zone.map({ current.isSubdomain(of: $0) }) ?? true,
              let alias = message.answer.first(where: { $0.name == current && $0.type == .cname }), let target = alias.target {
            cnames.append(target)
            ttl = min(ttl ?? alias.ttl, alias.ttl)
            guard seen.insert(target).inserted else {
                loops = true
                break
            }
            current = target
        }
        finalName = current
        let inBailiwick = zone.map { current.isSubdomain(of: $0) } ?? true
        let data = inBailiwick ? message.answer.filter { $0.name == current && $0.type == type } : []
        addresses = data.compactMap(\.address).sorted()
        if let shortest = data.map(\.ttl).min() { ttl = min(ttl ?? shortest, shortest) }
        self.ttl = ttl
        if addresses.isEmpty, let soa = message.authority.first(where: { $0.type == .soa }), let fields = soa.soa {
            negativeTTL = min(soa.ttl, fields.minimum)
        }
    }
}
