import DVDNS

/// The two links of a zone cut: the DS set the parent signs, and the zone's DNSKEY set it must match.
struct ZoneKeys {
    let check: SignatureCheck

    enum Outcome {
        case trusted([ResourceRecord])
        /// Proven unsigned below here (no DS, or nothing a validator can use), with the proof in words.
        case insecure(String)
        case failed(DNSSECFailure)

        /// The trusted records, or nil after marking `step` with why the chain ends here.
        func trusted(ending step: inout DNSSECStep) -> [ResourceRecord]? {
            switch self {
            case let .trusted(records): return records
            case let .insecure(reason): step.end(insecure: reason)
            case let .failed(failure): step.end(bogus: failure)
            }
            return nil
        }
    }

    /// The child's DS set from the parent's reply, secured by the parent's keys, or the proof there is none.
    func delegation(to child: DNSName, reply: DNSMessage, parent: DNSName, parentKeys: [ResourceRecord],
                    step: inout DNSSECStep) -> Outcome {
        let dsSet = reply.answer.filter { $0.type == .ds && $0.name == child }
        if dsSet.isEmpty {
            let denial = Denial(check: check).prove(child, type: .ds, reply: reply, zone: parent, keys: parentKeys)
            switch denial {
            case let .proven(proof): return .insecure("no DS for \(child) at \(parent), \(proof)")
            case let .insecure(reason): return .insecure(reason)
            case let .failed(failure): return .failed(failure)
            }
        }
        step.ds = dsSet.compactMap(describeDS)
        switch check.verify(dsSet, signatures: reply.answer, keys: parentKeys, zone: parent) {
        case let .failure(failure): return .failed(failure)
        case let .success(secured):
            check.note(secured, "DS", in: &step)
            let usable = dsSet.filter { ds in
                ds.ds.map { DNSSECCrypto.supportedAlgorithms.contains($0.algorithm)
                    && DNSSECCrypto.supportedDigestTypes.contains($0.digestType) } ?? false
            }
            guard !usable.isEmpty else {
                return .insecure("the DS at \(parent) uses only algorithms or digest types validators cannot check (\(step.ds.joined(separator: "; "))): treated as unsigned (RFC 4035 §5.2, RFC 6840 §5.2)")
            }
            return .trusted(usable)
        }
    }

    /// The zone's DNSKEY set, trusted when a key matching a trusted DS signs it.
    func keys(of zone: DNSName, reply: DNSMessage, trustedDS: [ResourceRecord], anchoredKeys: [ResourceRecord],
              anchorZone: DNSName? = nil, step: inout DNSSECStep) -> Outcome {
        let keySet = reply.answer.filter { $0.type == .dnskey && $0.name == zone }
        step.keys = keySet.compactMap(describeKey)
        guard !keySet.isEmpty else {
            return .failed(DNSSECFailure(code: 9, detail: "\(zone) has a DS at its parent but serves no DNSKEY: the zone is not signed",
                                         fix: "remove the DS at the registrar before moving to an unsigned DNS host, or enable DNSSEC at the new host and publish its DS"))
        }
        let anchors = Set(anchoredKeys.compactMap(AnchoredKey.init))
        let anchorMatches = keySet.filter { AnchoredKey($0).map(anchors.contains) ?? false }
        // A revoked key is never an entry point, whatever names it (RFC 5011 §2.1).
        let entryKeys = keySet.filter { key in
            key.dnskey?.isRevoked == false && (anchorMatches.contains(key) || trustedDS.contains { DNSSECCrypto.digestMatches($0, key: key) })
        }
        guard !entryKeys.isEmpty else {
            if zone == anchorZone {
                if let revoked = anchorMatches.first, let tag = DNSSECCrypto.keyTag(revoked) {
                    return .failed(DNSSECFailure(code: 9, detail: "\(zone) revoked the key the trust anchor names (it now serves it as key \(tag) with the REVOKE bit set, RFC 5011)",
                                                 fix: "update the trust anchor to \(zone)'s current key (for the root: a current dns-root-data package, or IANA's root-anchors.xml)"))
                }
                let tags = (trustedDS + anchoredKeys).compactMap { $0.ds?.keyTag ?? DNSSECCrypto.keyTag($0) }.map(String.init)
                return .failed(DNSSECFailure(code: 9, detail: "no DNSKEY of \(zone) matches the trust anchor (key tag \(tags.joined(separator: ", ")))",
                                             fix: "validate against the anchor of the root these servers serve (--trust-anchor FILE), or update the anchor after a root key roll"))
            }
            let dsAlgorithms = Set(trustedDS.compactMap { $0.ds?.algorithm })
            let keyAlgorithms = Set(keySet.compactMap { $0.dnskey?.algorithm })
            let tags = trustedDS.compactMap { $0.ds.map { "\($0.keyTag)" } }.joined(separator: ", ")
            let mismatch = dsAlgorithms.isDisjoint(with: keyAlgorithms)
                ? " (the DS is for \(dsAlgorithms.sorted().map(dnssecAlgorithmName).joined(separator: ", ")), the keys are \(keyAlgorithms.sorted().map(dnssecAlgorithmName).joined(separator: ", ")))"
                : ""
            let ksk = keySet.first { $0.dnskey?.isSecureEntryPoint == true }.flatMap(DNSSECCrypto.keyTag)
            return .failed(DNSSECFailure(code: 9, detail: "no DNSKEY of \(zone) matches the DS at its parent (key tag \(tags))\(mismatch)",
                                         fix: "publish the DS of the current KSK\(ksk.map { " (key tag \($0))" } ?? "") at the registrar: the key was rolled without updating the DS"))
        }
        if !entryKeys.contains(where: { $0.dnskey?.isZoneKey == true }), let bad = entryKeys.first, let tag = DNSSECCrypto.keyTag(bad) {
            let named = zone == anchorZone ? "the trust anchor names" : "the DS names"
            return .failed(DNSSECFailure(code: 11, detail: "the DNSKEY \(tag) of \(zone) that \(named) has no zone-key bit (flags \(bad.dnskey?.flags ?? 0))",
                                         fix: "set flags 257 (KSK) or 256 (ZSK) on key \(tag) and sign again; the flags are part of the key's DS, so publish its new DS at the parent too"))
        }
        switch check.verify(keySet, signatures: reply.answer, keys: entryKeys, zone: zone) {
        case let .failure(failure): return .failed(failure)
        case let .success(secured):
            check.note(secured, "DNSKEY", in: &step)
            // The whole set, keys without the zone-key bit and revoked ones too: SignatureCheck refuses those by
            // name (EDE 11 for the first), where a set without them would call their signatures' key missing.
            return .trusted(keySet)
        }
    }

    private func describeDS(_ record: ResourceRecord) -> String? {
        record.ds.map { "\($0.keyTag) \(dnssecAlgorithmName($0.algorithm)) \(digestName($0.digestType))" }
    }

    private func describeKey(_ record: ResourceRecord) -> String? {
        guard let fields = record.dnskey, let tag = DNSSECCrypto.keyTag(record) else { return nil }
        let role = !fields.isZoneKey ? "no zone-key bit" : fields.isSecureEntryPoint ? "KSK" : "ZSK"
        return "\(tag) \(dnssecAlgorithmName(fields.algorithm)) \(role)"
    }

    private func digestName(_ type: UInt8) -> String {
        switch type {
        case 1: "SHA-1"
        case 2: "SHA-256"
        case 4: "SHA-384"
        default: "digest \(type)"
        }
    }
}
