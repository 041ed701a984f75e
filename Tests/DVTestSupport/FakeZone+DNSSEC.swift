import DVDNS

/// A signed zone's DNSSEC records as NSD picks them for an answer with the DO bit: the RRSIGs over an RRset, and
/// the NSEC (RFC 4035 §3.1.3) or NSEC3 (RFC 5155 §7.2) records, with their own RRSIGs, that prove a name or a type
/// absent. A zone without them (unsigned, or its denial records cut out) has nothing to add.
extension FakeZone {
    /// The signatures over the `type` set at `owner`; for a set synthesised from a wildcard, the wildcard's under
    /// the owner's name (their label count still tells a validator it was expanded).
    func signatures(over type: RecordType, at owner: DNSName) -> [ResourceRecord] {
        let source = names.contains(owner) ? owner : wildcard(above: owner)
        return (source.flatMap { records[$0] } ?? []).filter { $0.type == .rrsig && $0.rrsig?.typeCovered == type }
            .map { $0.renamed(owner) }
    }

    /// Whether an answer for `owner` came from a wildcard: the name itself does not exist here.
    func isSynthesised(_ owner: DNSName) -> Bool { !names.contains(owner) }

    /// The proof for a negative answer about `name`: NXDOMAIN, or NODATA (the name exists without the type, or the
    /// wildcard that covers it does). An unsigned delegation's missing DS is the NODATA of its cut.
    func denial(of name: DNSName, rcode: ResponseCode) -> [ResourceRecord] {
        let encloser = closestEncloser(of: name)
        let wildcard = Self.wildcard(at: encloser)
        if let chain = NSEC3Chain(self) {
            let encloserProof = [chain.matching(encloser), chain.covering(nextCloser(name, below: encloser))]
            if names.contains(name) { return signed(chain.matching(name).map { [$0] } ?? encloserProof) }
            return signed(encloserProof + [rcode == .nxDomain ? chain.covering(wildcard) : chain.matching(wildcard)])
        }
        if names.contains(name) { return signed([nsec(matching: name) ?? nsec(covering: name)]) }
        if rcode == .nxDomain { return signed([nsec(covering: name), nsec(covering: wildcard)]) }
        return signed([nsec(matching: wildcard), nsec(covering: name)])
    }

    /// The proof that a wildcard answered `name` rightly: no name closer to it exists.
    func wildcardAnswerProof(for name: DNSName) -> [ResourceRecord] {
        if let chain = NSEC3Chain(self) { return signed([chain.covering(nextCloser(name, below: closestEncloser(of: name)))]) }
        return signed([nsec(covering: name)])
    }

    /// The longest ancestor of `name` (itself included) that exists here, as an owner or an empty non-terminal.
    func closestEncloser(of name: DNSName) -> DNSName {
        var encloser = name
        while !names.contains(encloser), encloser != apex, !encloser.isRoot { encloser = encloser.parent }
        return encloser
    }

    private func wildcard(above name: DNSName) -> DNSName? { Self.wildcard(at: closestEncloser(of: name)) }

    /// `*.` and the encloser (`prepending` would make `*..` of the root).
    private static func wildcard(at encloser: DNSName) -> DNSName? {
        try? DNSName(encloser.isRoot ? "*." : "*." + encloser.description)
    }

    /// The ancestor of `name` one label longer than its closest encloser (RFC 5155 §1.3).
    private func nextCloser(_ name: DNSName, below encloser: DNSName) -> DNSName {
        var candidate = name
        while candidate.labels.count > encloser.labels.count + 1 { candidate = candidate.parent }
        return candidate
    }

    /// Each proof record once, followed by its signatures.
    private func signed(_ proof: [ResourceRecord?]) -> [ResourceRecord] {
        var seen: Set<DNSName> = []
        return proof.compactMap { $0 }.filter { seen.insert($0.name).inserted }
            .flatMap { [$0] + signatures(over: $0.type, at: $0.name) }
    }

    private func nsec(matching name: DNSName?) -> ResourceRecord? {
        name.flatMap { records[$0] }?.first { $0.type == .nsec }
    }

    /// The NSEC whose owner is the last one before `name` in canonical order (RFC 4034 §6.1): it spans `name`.
    private func nsec(covering name: DNSName?) -> ResourceRecord? {
        guard let name else { return nil }
        let chain = records.values.joined().filter { $0.type == .nsec }.sorted { $0.name.canonicallyPrecedes($1.name) }
        return chain.last { $0.name.canonicallyPrecedes(name) } ?? chain.last
    }
}

/// A zone's NSEC3 chain with the parameters its NSEC3PARAM gives, owners hashed through ldns.
private struct NSEC3Chain {
    let iterations: UInt16
    let salt: [UInt8]
    /// The chain's records by their owners' first label (the hash, base32hex in lower case), in hash order.
    let links: [(hash: String, record: ResourceRecord)]

    init?(_ zone: FakeZone) {
        guard case let .other(text)? = zone.records[zone.apex]?.first(where: { $0.type == .nsec3param })?.data else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 4, let iterations = UInt16(fields[2]) else { return nil }
        self.iterations = iterations
        let hex = Array(fields[3].utf8)
        salt = fields[3] == "-" ? [] : stride(from: 0, to: hex.count - 1, by: 2).compactMap {
            UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16)
        }
        links = zone.records.values.joined().filter { $0.type == .nsec3 }
            .compactMap { record in record.name.labels.first.map { ($0.lowercased(), record) } }
            .sorted { $0.hash < $1.hash }
        guard !links.isEmpty else { return nil }
    }

    private func hash(_ name: DNSName) -> String? {
        DNSSECCrypto.nsec3Label(of: name, iterations: iterations, salt: salt)
    }

    func matching(_ name: DNSName?) -> ResourceRecord? {
        guard let hash = name.flatMap(hash) else { return nil }
        return links.first { $0.hash == hash }?.record
    }

    /// The link whose hash is the last before `name`'s (the chain wraps around after the last).
    func covering(_ name: DNSName?) -> ResourceRecord? {
        guard let hash = name.flatMap(hash) else { return nil }
        return (links.last { $0.hash < hash } ?? links.last)?.record
    }
}

extension DNSName {
    /// RFC 4034 §6.1 order: labels compared from the root down, each as lower-cased octets; a name's ancestors first.
    func canonicallyPrecedes(_ other: DNSName) -> Bool {
        let mine = labels.reversed().map { Array($0.lowercased().utf8) }
        let theirs = other.labels.reversed().map { Array($0.lowercased().utf8) }
        for (left, right) in zip(mine, theirs) where left != right {
            return left.lexicographicallyPrecedes(right)
        }
        return mine.count < theirs.count
    }
}
