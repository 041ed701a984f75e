// libFuzzer target for the DNSSEC path: message decoding with the DO bit (records keep their wire form),
// the DNSSEC field readers, DS/DNSKEY matching, signature checks and denial proofs over whatever records the
// message holds, and the trust-anchor text parser. Built by Fuzz/dnssec/run with the sources it needs in one
// module (so internal API is visible). Besides "no crash, no sanitizer report" it checks invariants:
//   - every record decoded with a wire form reads back through libldns (OwnedRecord) for the checks;
//   - a verdict never comes without a reason: a failed check always names its EDE code.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSSEC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? DNSSECCrypto.parseRecords(String(decoding: bytes, as: UTF8.self))
    guard let message = try? LDNSCodec.decode(bytes) else { return 0 }
    let records = message.answer + message.authority + message.additional
    for record in records {
        _ = (record.rrsig, record.dnskey, record.ds, record.nsec3)
        if record.wire != nil, DNSSECCrypto.keyTag(record) == nil, record.type == .dnskey {
            fatalError("a decoded DNSKEY did not read back from its wire form")
        }
    }
    let keys = records.filter { $0.type == .dnskey }
    let check = SignatureCheck(moment: 1_790_000_000)
    var step = DNSSECStep(kind: .zone, zone: message.question.first?.name ?? .root, verdict: .secure)
    let zoneKeys = ZoneKeys(check: check)
    for outcome in [zoneKeys.keys(of: step.zone, reply: message, trustedDS: records.filter { $0.type == .ds },
                                  anchoredKeys: [], step: &step),
                    zoneKeys.delegation(to: step.zone, reply: message, parent: step.zone.parent, parentKeys: keys, step: &step)] {
        if case let .failed(failure) = outcome, failure.error.code == 0 { fatalError("a failure without an EDE code") }
    }
    if let question = message.question.first {
        _ = Denial(check: check).prove(question.name, type: question.type, reply: message, zone: step.zone, keys: keys)
    }
    return 0
}
