import DVDNS

/// The DO bit, answered as NSD answers it from signed zones: every RRset of each section with its RRSIGs, NSEC or
/// NSEC3 proofs for NXDOMAIN, NODATA and wildcard answers, and in a referral the child's DS signed by the parent or
/// the parent's proof that there is none (the OPT record echoes DO: `WireAnswer`). Without DO the answer is the
/// plain one; so is every answer from an unsigned zone, which has nothing to add.
extension FakeAuthority {
    func answer(_ question: WireQuestion) -> WireAnswer {
        answer(question.name, question.type, dnssecOK: question.dnssecOK)
    }

    func answer(_ name: DNSName, _ type: RecordType, dnssecOK: Bool) -> WireAnswer {
        let plain = answer(name, type)
        return dnssecOK ? withDNSSEC(plain, for: name) : plain
    }

    private func withDNSSEC(_ plain: WireAnswer, for name: DNSName) -> WireAnswer {
        var answer = plain
        answer.answer = signed(plain.answer)
        answer.authority = signed(plain.authority)
        answer.additional = signed(plain.additional)
        var proof: [ResourceRecord] = []
        for record in plain.answer {
            if let zone = zone(for: record.name, record.type), zone.isSynthesised(record.name) {
                proof += zone.wildcardAnswerProof(for: record.name)
            }
        }
        if let soa = plain.authority.first(where: { $0.type == .soa }), let zone = zones.first(where: { $0.apex == soa.name }) {
            proof += zone.denial(of: chainEnd(from: name, in: plain.answer), rcode: plain.rcode)
        } else if let cut = plain.authority.first(where: { $0.type == .ns })?.name, let parent = zone(for: cut, .ns) {
            let ds = parent.records[cut]?.filter { $0.type == .ds } ?? []
            answer.authority += ds.isEmpty ? [] : ds + parent.signatures(over: .ds, at: cut)
            proof += ds.isEmpty ? parent.denial(of: cut, rcode: .noError) : []
        }
        // A proof record shared by two proofs (a wildcard answer at the end of a chain, say) is sent once.
        var seen = Set(answer.authority)
        answer.authority += proof.filter { seen.insert($0).inserted }
        return answer
    }

    /// Each RRset followed by the signatures of the zone it comes from, with the set's TTL (lower than theirs for
    /// a negative answer's SOA).
    private func signed(_ records: [ResourceRecord]) -> [ResourceRecord] {
        var sets: [(name: DNSName, type: RecordType, records: [ResourceRecord])] = []
        for record in records {
            if let last = sets.indices.last, sets[last].name == record.name, sets[last].type == record.type {
                sets[last].records.append(record)
            } else {
                sets.append((record.name, record.type, [record]))
            }
        }
        return sets.flatMap { set in
            set.records + (zone(for: set.name, set.type)?.signatures(over: set.type, at: set.name) ?? []).map { $0.withTTL(set.records[0].ttl) }
        }
    }

    /// Where the answer's CNAME chain from `name` ends: the name the negative answer is about.
    private func chainEnd(from name: DNSName, in answer: [ResourceRecord]) -> DNSName {
        var end = name
        var seen: Set<DNSName> = [name]
        while let target = answer.first(where: { $0.name == end && $0.type == .cname })?.target, seen.insert(target).inserted {
            end = target
        }
        return end
    }
}
