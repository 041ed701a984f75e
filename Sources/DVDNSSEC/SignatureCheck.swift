import DVDNS

/// Checks an RRset's signatures against trusted keys at one moment, the way a validator does: any one
/// current, valid signature by a trusted zone key secures the set.
struct SignatureCheck {
    /// Signatures that end sooner than this are a warning: the CA's next check may come after them.
    static let expiryWarning: Int64 = 7 * 86_400

    let moment: UInt32

    struct Secured {
        var keyTag: UInt16
        var expiration: UInt32
        /// The RRSIG's labels field: fewer than the owner's means the set was expanded from a wildcard.
        var labels: UInt8
    }

    func verify(_ rrset: [ResourceRecord], signatures: [ResourceRecord], keys: [ResourceRecord], zone: DNSName)
        -> Result<Secured, DNSSECFailure> {
        let type = rrset.first?.type ?? .a
        let covering = signatures.filter { $0.rrsig?.typeCovered == type && $0.rrsig?.signer == zone }
        guard !covering.isEmpty else {
            return .failure(DNSSECFailure(code: 10, detail: "\(rrset.first?.name ?? zone) \(type) has no signature by \(zone)",
                                          fix: "sign the zone again (its signer left \(type) unsigned), or remove the DS at the parent if the zone is meant to be unsigned"))
        }
        var timeFailure: DNSSECFailure?
        var cryptoFailure: DNSSECFailure?
        var refusedKeyFailure: DNSSECFailure?
        for signature in covering {
            guard let fields = signature.rrsig else { continue }
            let candidates = keys.filter {
                $0.dnskey?.algorithm == fields.algorithm && DNSSECCrypto.keyTag($0) == fields.keyTag
            }
            for key in candidates {
                if let refusal = refusal(of: key, signing: type, zone: zone) {
                    refusedKeyFailure = refusal
                    continue
                }
                switch DNSSECCrypto.verify(rrset, signature: signature, key: key) {
                case .valid:
                    switch fields.window(at: moment) {
                    case .current: return .success(Secured(keyTag: fields.keyTag, expiration: fields.expiration, labels: fields.labels))
                    case .expired:
                        timeFailure = DNSSECFailure(code: 7, detail: "the \(type) signature by key \(fields.keyTag) of \(zone) expired \(utcText(fields.expiration))",
                                                    fix: "re-sign the zone \(zone) (automatic re-signing has stopped?)")
                    case .notYetValid:
                        timeFailure = DNSSECFailure(code: 8, detail: "the \(type) signature by key \(fields.keyTag) of \(zone) is valid only from \(utcText(fields.inception))",
                                                    fix: "check the signer's clock and re-sign the zone \(zone)")
                    }
                case .unsupportedAlgorithm:
                    continue
                case let .invalid(reason):
                    cryptoFailure = DNSSECFailure(code: 6, detail: "the \(type) signature by key \(fields.keyTag) of \(zone) does not verify (\(reason))",
                                                  fix: "re-sign the zone \(zone): the records were changed after signing, or a server serves an old copy")
                }
            }
        }
        if let failure = timeFailure ?? cryptoFailure ?? refusedKeyFailure { return .failure(failure) }
        let tags = covering.compactMap { $0.rrsig.map { "\($0.keyTag)" } }.joined(separator: ", ")
        return .failure(DNSSECFailure(code: 9, detail: "\(type) is signed by key \(tags), which \(zone) does not publish in its trusted DNSKEY set",
                                      fix: "publish that key in \(zone)'s DNSKEY set, or re-sign with the published keys"))
    }
}

extension SignatureCheck {
    /// Why a published key must not verify signatures: no zone-key bit (RFC 4034 §2.1.1), or revoked (RFC 5011).
    func refusal(of key: ResourceRecord, signing type: RecordType, zone: DNSName) -> DNSSECFailure? {
        guard let fields = key.dnskey, let tag = DNSSECCrypto.keyTag(key) else { return nil }
        if !fields.isZoneKey {
            return DNSSECFailure(code: 11, detail: "the \(type) signature is by key \(tag) of \(zone), which has no zone-key bit (flags \(fields.flags)): validators must not use it",
                                 fix: "set flags 256 (ZSK) or 257 (KSK) on key \(tag) and sign again (a KSK's new flags need a new DS at the parent)")
        }
        if fields.isRevoked {
            return DNSSECFailure(code: 9, detail: "the \(type) signature is by key \(tag) of \(zone), which has the REVOKE bit set (flags \(fields.flags)): validators must not use it",
                                 fix: "sign \(zone) with a key that is not revoked")
        }
        return nil
    }
}

/// A 32-bit DNSSEC timestamp as a UTC date, read as the moment nearest to the validation moment.
func utcText(_ stamp: UInt32) -> String { ValidationMoment(secondsSince1970: Int64(stamp)).description }

extension SignatureCheck {
    /// Notes a secured signature in the step, with a warning when it ends within `expiryWarning`.
    func note(_ secured: Secured, _ what: String, in step: inout DNSSECStep) {
        step.signatures.append("\(what) signed by key \(secured.keyTag) until \(utcText(secured.expiration))")
        let left = Int64(Int32(bitPattern: secured.expiration &- moment))
        if left < Self.expiryWarning {
            step.warnings.append("the \(what) signature of \(step.zone) expires in \(left / 3600) h (\(utcText(secured.expiration))): re-sign before the CA checks again")
        }
    }
}
