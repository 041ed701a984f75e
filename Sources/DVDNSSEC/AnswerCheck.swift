import DVDNS

/// The last link: the answer's RRset signed by its zone's keys, a signed CNAME to follow, or a signed proof
/// that the name or type does not exist (what a CA meets before `_acme-challenge` is published, and for CAA
/// at every label).
struct AnswerCheck {
    let check: SignatureCheck

    func validate(_ name: DNSName, type: RecordType, zone: DNSName, keys: [ResourceRecord], reply: ChainFetch.Reply?)
        -> (DNSSECStep, DNSName?) {
        var step = DNSSECStep(kind: .answer, zone: zone, verdict: .secure)
        step.name = name
        step.type = type.description
        guard let message = reply?.message else {
            step.verdict = .indeterminate
            step.unreachable = reply?.failures ?? []
            step.failure = DNSSECFailure(code: 22, detail: "no server of \(zone) answered \(name) \(type)",
                                         fix: "make \(zone)'s servers answer")
            return (step, nil)
        }
        step.server = reply?.server
        step.unreachable = reply?.failures ?? []
        let rrset = message.answer.filter { $0.name == name && $0.type == type }
        let cname = type == .cname ? [] : message.answer.filter { $0.name == name && $0.type == .cname }
        let signed = rrset.isEmpty ? cname : rrset
        if !signed.isEmpty {
            step.result = "\(signed[0].type) " + signed.map { $0.data.description }.joined(separator: ", ")
            switch check.verify(signed, signatures: message.answer, keys: keys, zone: zone) {
            case let .failure(failure): step.end(bogus: failure)
            case let .success(secured):
                check.note(secured, signed[0].type.description, in: &step)
                if secured.labels < Self.labelCount(of: name) {
                    switch Denial(check: check).proveExpansion(of: name, signatureLabels: secured.labels, reply: message, zone: zone, keys: keys) {
                    case let .proven(proof): step.signatures.append(proof)
                    case let .insecure(reason): step.end(insecure: reason)
                    case let .failed(failure): step.end(bogus: failure)
                    }
                }
            }
            return (step, rrset.isEmpty && step.verdict == .secure ? cname[0].target : nil)
        }
        switch Denial(check: check).prove(name, type: type, reply: message, zone: zone, keys: keys) {
        case let .proven(proof):
            step.result = (message.rcode == .nxDomain ? "NXDOMAIN " : "no \(type) record (NODATA) ") + proof
        case let .insecure(reason): step.end(insecure: reason)
        case let .failed(failure): step.end(bogus: failure)
        }
        return (step, nil)
    }

    /// The labels an RRSIG counts for an owner: a leading `*` is not one (RFC 4034 §3.1.3), so that the wildcard's
    /// own records do not read as expanded.
    static func labelCount(of name: DNSName) -> Int {
        name.labels.first == "*" ? name.labels.count - 1 : name.labels.count
    }
}
