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
        // Each NSEC/NSEC3 record is an RRset of its own: each needs its own valid signature.
        for record in proof {
            if case let .failure(failure) = check.verify([record], signatures: reply.authority, keys: keys, zone: zone) {
                return .failed(failure)
            }
        }
        let kind = proof.contains { $0.type == .nsec3 } ? "NSEC3" : "NSEC"
        if let iterations = proof.compactMap({ $0.nsec3?.iterations }).max(), iterations > Self.iterationLimit {
            return .insecure("\(zone)'s NSEC3 uses \(iterations) iterations (validators accept at most \(Self.iterationLimit)): its denials are treated as unsigned")
        }
        let signatures = reply.authority.filter { $0.type == .rrsig }
        if let reason = DNSSECCrypto.denialFailure(of: name, type: type, proof: proof, signatures: signatures, rcode: reply.rcode) {
            return .failed(DNSSECFailure(code: 12, detail: "the \(kind) records of \(zone) do not prove \(what) for \(name): \(reason)",
                                         fix: "sign the zone \(zone) again: its denial chain is broken"))
        }
        return .proven("proven by \(kind)")
    }
}
