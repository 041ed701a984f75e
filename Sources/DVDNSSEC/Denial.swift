import DVDNS

/// Proofs of non-existence (RFC 4035 §5.4, RFC 5155 §8): signed NSEC or NSEC3 records that cover a name or
/// show it has no record of a type.
struct Denial {
    let check: SignatureCheck

    /// Above this many NSEC3 iterations validators treat the proof as insecure (Unbound's default for every key size).
    static let iterationLimit: UInt16 = 150

    enum Outcome {
        case proven(String)
        case insecure(String)
        case failed(DNSSECFailure)
    }

    func prove(_ name: DNSName, type: RecordType, reply: DNSMessage, zone: DNSName, keys: [ResourceRecord]) -> Outcome {
        let proof = reply.authority.filter { $0.type == .nsec || $0.type == .nsec3 }
        let what = reply.rcode == .nxDomain ? "NXDOMAIN" : "no \(type) record"
        guard !proof.isEmpty else {
            return .failed(DNSSECFailure(code: 12, detail: "\(zone) answers \(what) for \(name) without an NSEC or NSEC3 proof",
                                         fix: "sign the zone \(zone) again with NSEC or NSEC3 (the denial records are missing)"))
        }
        if let unusable = signedAndUsable(proof, reply: reply, zone: zone, keys: keys) { return unusable }
        let kind = proof.contains { $0.type == .nsec3 } ? "NSEC3" : "NSEC"
        let signatures = reply.authority.filter { $0.type == .rrsig }
        if let reason = DNSSECCrypto.denialFailure(of: name, type: type, proof: proof, signatures: signatures, rcode: reply.rcode) {
            // Proof records that prove too little are EDE 6 at Unbound; 12 is for none at all.
            return .failed(DNSSECFailure(code: 6, detail: "the \(kind) records of \(zone) do not prove \(what) for \(name): \(reason)",
                                         fix: "sign the zone \(zone) again: its denial chain is broken"))
        }
        if DNSSECCrypto.isInOptOutSpan(name, proof: proof) { return .insecure(Self.optOut(name, zone: zone, what: what)) }
        return .proven("proven by \(kind)")
    }

    /// Why an opt-out span proves only insecurely: it may hide unsigned delegations (RFC 5155 §6, §9.2).
    static func optOut(_ name: DNSName, zone: DNSName, what: String) -> String {
        "\(zone)'s NSEC3 proves \(what) for \(name) only through an opt-out span, which vouches for no unsigned name in it: validators answer it as unsigned (RFC 5155 §9.2)"
    }

    /// RFC 4035 §5.3.4, RFC 5155 §8.8: an answer expanded from a wildcard (its signature's labels field shorter than
    /// `name`) is secure only with a signed proof that `name` itself does not exist; validators answer SERVFAIL without
    /// one, since a replayed wildcard answer could otherwise hide a name that does exist.
    func proveExpansion(of name: DNSName, signatureLabels: UInt8, reply: DNSMessage, zone: DNSName, keys: [ResourceRecord]) -> Outcome {
        let proof = reply.authority.filter { $0.type == .nsec || $0.type == .nsec3 }
        let wildcard = "*." + name.labels.suffix(Int(signatureLabels)).joined(separator: ".") + "."
        let fix = "sign the zone \(zone) again: the answer from \(wildcard) must come with the NSEC or NSEC3 record that shows \(name) does not exist"
        guard !proof.isEmpty else {
            return .failed(DNSSECFailure(code: 6, detail: "\(zone) answers \(name) from the wildcard \(wildcard) without an NSEC or NSEC3 proof that \(name) does not exist", fix: fix))
        }
        if let unusable = signedAndUsable(proof, reply: reply, zone: zone, keys: keys) { return unusable }
        if let reason = DNSSECCrypto.wildcardAnswerFailure(of: name, signatureLabels: signatureLabels, proof: proof) {
            return .failed(DNSSECFailure(code: 6, detail: "\(zone) answers \(name) from the wildcard \(wildcard), but \(reason)", fix: fix))
        }
        if DNSSECCrypto.isInOptOutSpan(name, wildcardLabels: signatureLabels, proof: proof) {
            return .insecure(Self.optOut(name, zone: zone, what: "the answer from \(wildcard)"))
        }
        return .proven("expanded from \(wildcard), \(name) proven absent by \(proof.contains { $0.type == .nsec3 } ? "NSEC3" : "NSEC")")
    }

    /// Each NSEC/NSEC3 record is an RRset of its own: each needs its own valid signature. NSEC3 above the iteration
    /// limit proves nothing to a validator (insecure). Nil when the proof can be weighed.
    private func signedAndUsable(_ proof: [ResourceRecord], reply: DNSMessage, zone: DNSName, keys: [ResourceRecord]) -> Outcome? {
        for record in proof {
            if case let .failure(failure) = check.verify([record], signatures: reply.authority, keys: keys, zone: zone) {
                return .failed(failure)
            }
        }
        if let iterations = proof.compactMap({ $0.nsec3?.iterations }).max(), iterations > Self.iterationLimit {
            return .insecure("\(zone)'s NSEC3 uses \(iterations) iterations (validators accept at most \(Self.iterationLimit)): its denials are treated as unsigned")
        }
        return nil
    }
}
