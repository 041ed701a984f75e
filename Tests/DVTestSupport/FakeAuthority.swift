import DVDNS

/// One zone as an authoritative server holds it.
struct FakeZone: Sendable {
    let apex: DNSName
    let records: [DNSName: [ResourceRecord]]
    /// Every owner and every name between an owner and the apex (empty non-terminals exist: NODATA, not NXDOMAIN).
    let names: Set<DNSName>

    init(apex: DNSName, records list: [ResourceRecord]) {
        self.apex = apex
        records = Dictionary(grouping: list, by: \.name)
        var names: Set<DNSName> = [apex]
        for owner in records.keys {
            var name = owner
            while name != apex, !name.isRoot, names.insert(name).inserted { name = name.parent }
        }
        self.names = names
    }

    var soa: ResourceRecord? { records[apex]?.first { $0.type == .soa } }

    /// The SOA of a negative answer: its TTL is the smaller of its own and the zone's minimum (RFC 2308 §5).
    var negativeSOA: [ResourceRecord] {
        guard let soa, let minimum = soa.soa?.minimum else { return [] }
        return [soa.withTTL(min(soa.ttl, minimum))]
    }
}

/// An authoritative server of the fake world: the zones one NSD instance of `scripts/testnet` serves, answered as
/// NSD answers (zones/README.md, "How the servers behave"): REFUSED for other zones, referrals with glue and no AA
/// below a zone cut, CNAMEs followed through the zones it serves, NODATA and NXDOMAIN with the SOA, wildcards.
struct FakeAuthority: Sendable {
    /// The zones, with the edits of `FakeZoneEdits` applied.
    let store: FakeZoneStore
    var zones: [FakeZone] { store.zones }

    func answer(_ name: DNSName, _ type: RecordType) -> WireAnswer {
        guard let zone = zone(for: name, type) else { return WireAnswer(rcode: .refused) }
        var answer = WireAnswer(rcode: .noError, authoritative: true)
        var current = name
        var zoneNow = zone
        var followed: Set<DNSName> = []
        while true {
            if let referral = referral(for: current, type, in: zoneNow) {
                // Below a cut inside the first zone there is no authority; after a CNAME the chain so far stays.
                answer.authoritative = answer.authoritative && !answer.answer.isEmpty
                answer.authority = referral.authority
                answer.additional = referral.additional
                return answer
            }
            let (records, owner) = lookup(current, in: zoneNow)
            guard let records else {
                answer.rcode = zoneNow.names.contains(current) ? .noError : .nxDomain
                answer.authority = zoneNow.negativeSOA
                return answer
            }
            let matching = records.filter { $0.type == type }
            if !matching.isEmpty || type == .cname {
                answer.answer += matching.map { $0.renamed(owner) }
                if type == .ns { answer.additional = glue(for: matching, in: zoneNow) }
                if matching.isEmpty { answer.authority = zoneNow.negativeSOA }
                return answer
            }
            guard let cname = records.first(where: { $0.type == .cname }), let target = cname.target else {
                answer.authority = zoneNow.negativeSOA
                return answer
            }
            answer.answer.append(cname.renamed(owner))
            followed.insert(current)
            // NSD stops at a loop and at a target it does not serve, answering the chain it has.
            guard !followed.contains(target), let next = self.zone(for: target, type) else { return answer }
            current = target
            zoneNow = next
        }
    }

    /// The closest enclosing zone served here; a DS question at a cut belongs to the parent, when served too.
    func zone(for name: DNSName, _ type: RecordType) -> FakeZone? {
        let enclosing = zones.filter { name.isSubdomain(of: $0.apex) }.sorted { $0.apex.labels.count > $1.apex.labels.count }
        if type == .ds, let closest = enclosing.first, closest.apex == name, enclosing.count > 1 { return enclosing[1] }
        return enclosing.first
    }

    /// The NS set of a cut between the apex and `name` (`name` included, except for its DS), with the glue.
    private func referral(for name: DNSName, _ type: RecordType, in zone: FakeZone) -> (authority: [ResourceRecord], additional: [ResourceRecord])? {
        var cuts: [DNSName] = []
        var candidate = name
        while candidate != zone.apex, !candidate.isRoot {
            cuts.append(candidate)
            candidate = candidate.parent
        }
        for cut in cuts.reversed() where !(cut == name && type == .ds) {
            let delegation = zone.records[cut]?.filter { $0.type == .ns } ?? []
            if !delegation.isEmpty { return (delegation, glue(for: delegation, in: zone)) }
        }
        return nil
    }

    /// Addresses of the NS targets that this zone holds.
    private func glue(for nameServers: [ResourceRecord], in zone: FakeZone) -> [ResourceRecord] {
        nameServers.compactMap(\.target).flatMap { target in
            zone.records[target]?.filter { $0.type == .a || $0.type == .aaaa } ?? []
        }
    }

    /// The records at `name`, or at the wildcard that covers it (RFC 4592: the source of synthesis sits at the
    /// closest encloser); the owner to answer with.
    private func lookup(_ name: DNSName, in zone: FakeZone) -> ([ResourceRecord]?, DNSName) {
        if let records = zone.records[name] { return (records, name) }
        guard !zone.names.contains(name) else { return (nil, name) }
        var encloser = name.parent
        while !zone.names.contains(encloser), encloser != zone.apex, !encloser.isRoot { encloser = encloser.parent }
        guard let wildcard = try? encloser.prepending("*") else { return (nil, name) }
        return (zone.records[wildcard], name)
    }
}
