/// An answer section read the way a resolver reads it: CNAMEs followed from the asked name.
public struct FollowedAnswer: Sendable {
    /// Records of the asked type at the end of the chain (empty when the chain leaves the zone).
    public var records: [ResourceRecord]
    /// The CNAME targets in order.
    public var cnames: [DNSName]
    /// The shortest TTL among the CNAMEs followed.
    public var cnameTTL: UInt32?
    public var finalName: DNSName
    /// The chain came back to a name it had already passed.
    public var loops: Bool
}

extension DNSMessage {
    /// Follows CNAMEs from `name` inside the answer. With a `zone`, data outside it is ignored, as a resolver
    /// ignores out-of-bailiwick records: a CNAME into another zone must be asked of that zone's servers.
    public func follow(from name: DNSName, type: RecordType, within zone: DNSName? = nil) -> FollowedAnswer {
        var current = name
        var seen: Set<DNSName> = [name]
        var result = FollowedAnswer(records: [], cnames: [], cnameTTL: nil, finalName: name, loops: false)
        while zone.map({ current.isSubdomain(of: $0) }) ?? true,
              let alias = answer.first(where: { $0.name == current && $0.type == .cname }), let target = alias.target {
            result.cnames.append(target)
            result.cnameTTL = min(result.cnameTTL ?? alias.ttl, alias.ttl)
            guard seen.insert(target).inserted else {
                result.loops = true
                break
            }
            current = target
        }
        result.finalName = current
        if zone.map({ current.isSubdomain(of: $0) }) ?? true {
            result.records = answer.filter { $0.name == current && $0.type == type }
        }
        return result
    }

    /// How long a resolver may cache this negative answer: min(SOA TTL, SOA minimum), RFC 2308.
    public var negativeCachingTTL: UInt32? {
        guard let soa = authority.first(where: { $0.type == .soa }), let fields = soa.soa else { return nil }
        return min(soa.ttl, fields.minimum)
    }
}

extension DNSMessage {
    /// Whether this reply was served from `zone` itself: authoritative, and not from a deeper zone that the same
    /// server also holds (a negative answer then carries that zone's SOA; a referral is not authoritative).
    public func comesFrom(zone: DNSName) -> Bool {
        authoritative && !authority.contains { $0.type == .soa && $0.name != zone && $0.name.isSubdomain(of: zone) }
    }
}
