internal import CLDNS

#if canImport(Glibc)
import Glibc
#endif

/// DNSSEC cryptography and denial proofs through libldns, over records that carry their wire form
/// (`ResourceRecord.wire`, kept from answers with the DO bit). Time windows are not checked here: libldns
/// compares RRSIG dates wrongly after 2038, so `RRSIGFields.isCurrent` does it in serial arithmetic.
public enum DNSSECCrypto {
    public enum SignatureCheck: Sendable, Equatable {
        case valid
        /// libldns cannot verify this algorithm: validators treat it as unsigned (RFC 4035 §5.2).
        case unsupportedAlgorithm
        case invalid(String)
    }

    /// DNSKEY algorithms a validator can check (RFC 8624: RSA/SHA-1 and up; not RSAMD5, DSA or GOST).
    public static let supportedAlgorithms: Set<UInt8> = [5, 7, 8, 10, 13, 14, 15, 16]
    /// DS digest types a validator can check: SHA-1, SHA-256, SHA-384.
    public static let supportedDigestTypes: Set<UInt8> = [1, 2, 4]

    /// Checks one signature over `rrset` with `key` (the signature's time window aside).
    public static func verify(_ rrset: [ResourceRecord], signature: ResourceRecord, key: ResourceRecord) -> SignatureCheck {
        guard let set = RecordList(rrset), let sig = OwnedRecord(signature), let keys = RecordList([key]) else {
            return .invalid("a record could not be read back from its wire form")
        }
        defer { set.free(); sig.free(); keys.free() }
        let status = ldns_verify_rrsig_keylist_notime(set.list, sig.rr, keys.list, nil)
        switch status {
        case LDNS_STATUS_OK: return .valid
        case LDNS_STATUS_CRYPTO_ALGO_NOT_IMPL, LDNS_STATUS_CRYPTO_UNKNOWN_ALGO: return .unsupportedAlgorithm
        default: return .invalid(LDNSCodec.statusText(status))
        }
    }

    /// RFC 4034 Appendix B key tag of a DNSKEY record.
    public static func keyTag(_ key: ResourceRecord) -> UInt16? {
        guard let owned = OwnedRecord(key) else { return nil }
        defer { owned.free() }
        return ldns_calc_keytag(owned.rr)
    }

    /// Whether `ds` is the digest of `key` (owner, algorithm, key tag and digest all agree).
    public static func digestMatches(_ ds: ResourceRecord, key: ResourceRecord) -> Bool {
        guard let dsRecord = OwnedRecord(ds), let keyRecord = OwnedRecord(key) else { return false }
        defer { dsRecord.free(); keyRecord.free() }
        return ldns_rr_compare_ds(dsRecord.rr, keyRecord.rr)
    }

    /// Whether the NSEC or NSEC3 records (with their signatures) prove that `name` has no `type` record, for an
    /// answer with `rcode` and an empty answer section. Returns the reason when they do not.
    public static func denialFailure(of name: DNSName, type: RecordType, proof: [ResourceRecord],
                                     signatures: [ResourceRecord], rcode: ResponseCode) -> String? {
        guard let owner = ldns_dname_new_frm_str(name.description), let question = ldns_rr_new() else {
            return "ldns could not encode \(name)"
        }
        defer { ldns_rr_free(question) }
        ldns_rr_set_owner(question, owner)
        ldns_rr_set_type(question, ldns_rr_type(UInt32(type.rawValue)))
        ldns_rr_set_class(question, LDNS_RR_CLASS_IN)
        guard let records = RecordList(proof), let sigs = RecordList(signatures) else {
            return "a record could not be read back from its wire form"
        }
        defer { records.free(); sigs.free() }
        let status: ldns_status
        if proof.contains(where: { $0.type == .nsec3 }) {
            status = ldns_dnssec_verify_denial_nsec3(question, records.list, sigs.list,
                                                     ldns_pkt_rcode(UInt32(rcode.rawValue)),
                                                     ldns_rr_type(UInt32(type.rawValue)), true)
        } else {
            status = ldns_dnssec_verify_denial(question, records.list, sigs.list)
            if status == LDNS_STATUS_OK, rcode == .nxDomain {
                return WildcardDenial.failure(name: owner, nsecs: records.list)
            }
        }
        return status == LDNS_STATUS_OK ? nil : LDNSCodec.statusText(status)
    }

    /// Whether the NSEC or NSEC3 records prove that `name`, answered from a wildcard (its RRSIG's labels field,
    /// `signatureLabels`, is shorter than the name), does not exist itself. Returns the reason when they do not.
    public static func wildcardAnswerFailure(of name: DNSName, signatureLabels: UInt8, proof: [ResourceRecord]) -> String? {
        guard let owner = ldns_dname_new_frm_str(name.description) else { return "ldns could not encode \(name)" }
        defer { ldns_rdf_deep_free(owner) }
        guard let encloser = WildcardDenial.ancestor(of: owner, labels: signatureLabels) else {
            return "ldns could not build the wildcard's parent of \(name)"
        }
        defer { ldns_rdf_deep_free(encloser) }
        guard let records = RecordList(proof) else { return "a record could not be read back from its wire form" }
        defer { records.free() }
        return WildcardDenial.expansionFailure(name: owner, encloser: encloser, records: records.list)
    }

    /// Whether the NSEC3 records leave `name` in an opt-out span (RFC 5155 §9.2): the record that spans its next
    /// closer name has the opt-out flag, so the proof holds only insecurely. `wildcardLabels` is the expanding
    /// signature's labels field for an answer from a wildcard, nil for a denial.
    public static func isInOptOutSpan(_ name: DNSName, wildcardLabels: UInt8? = nil, proof: [ResourceRecord]) -> Bool {
        guard proof.contains(where: { $0.nsec3?.optOut == true }), let owner = ldns_dname_new_frm_str(name.description) else { return false }
        defer { ldns_rdf_deep_free(owner) }
        guard let records = RecordList(proof) else { return false }
        defer { records.free() }
        return WildcardDenial.optOutSpansNextCloser(of: owner, encloserLabels: wildcardLabels, records: records.list)
    }

    /// The RFC 5155 hash of `name` (SHA-1 over its canonical form, `iterations` extra rounds, `salt`) as the first
    /// label of its NSEC3 owner: base32hex in lower case.
    public static func nsec3Label(of name: DNSName, iterations: UInt16, salt: [UInt8]) -> String? {
        guard let owner = ldns_dname_new_frm_str(name.description) else { return nil }
        defer { ldns_rdf_deep_free(owner) }
        // ldns copies salt.count bytes: never a null pointer, even for the empty salt.
        let hashed = (salt + [0]).withUnsafeBufferPointer {
            ldns_nsec3_hash_name(owner, 1, iterations, UInt8(salt.count), $0.baseAddress)
        }
        guard let hashed else { return nil }
        defer { ldns_rdf_deep_free(hashed) }
        guard let data = ldns_rdf_data(hashed), ldns_rdf_size(hashed) > 1, Int(data[0]) < ldns_rdf_size(hashed) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data + 1, count: Int(data[0])), as: UTF8.self).lowercased()
    }

    /// Records in zone-file presentation format, one a line (`;` starts a comment), each with its wire form.
    public static func parseRecords(_ text: String) throws(DNSError) -> [ResourceRecord] {
        var records: [ResourceRecord] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard content.contains(where: { !$0.isWhitespace }) else { continue }
            do { records.append(try parseRecord(String(content))) } catch {
                throw .malformedMessage("line \(number + 1): \(error.reason)")
            }
        }
        return records
    }

    /// One record in presentation format (an absolute owner name; TTL and class optional; parentheses may
    /// group its fields), with its wire form.
    public static func parseRecord(_ text: String) throws(UnreadableRecord) -> ResourceRecord {
        var parsed: UnsafeMutablePointer<ldns_rr>?
        let status = ldns_rr_new_frm_str(&parsed, text, 3600, nil, nil)
        guard status == LDNS_STATUS_OK, let parsed else { throw UnreadableRecord(reason: LDNSCodec.statusText(status)) }
        defer { ldns_rr_free(parsed) }
        return LDNSCodec.record(parsed, keepWire: true)
    }

    /// Why ldns could not read a record's presentation text ("Syntax error, could not parse the RR's type").
    public struct UnreadableRecord: Error, Sendable {
        public var reason: String
    }
}

/// An ldns_rr read back from a record's wire form; freed by the caller.
private struct OwnedRecord {
    let rr: UnsafeMutablePointer<ldns_rr>

    init?(_ record: ResourceRecord) {
        guard let wire = record.wire else { return nil }
        var parsed: UnsafeMutablePointer<ldns_rr>?
        var position = 0
        let status = wire.withUnsafeBufferPointer {
            ldns_wire2rr(&parsed, $0.baseAddress, $0.count, &position, LDNS_SECTION_ANSWER)
        }
        guard status == LDNS_STATUS_OK, let parsed else { return nil }
        rr = parsed
    }

    func free() { ldns_rr_free(rr) }
}

/// An ldns_rr_list that owns its records; freed by the caller.
private struct RecordList {
    let list: UnsafeMutablePointer<ldns_rr_list>

    init?(_ records: [ResourceRecord]) {
        guard let list = ldns_rr_list_new() else { return nil }
        for record in records {
            guard let owned = OwnedRecord(record) else { ldns_rr_list_deep_free(list); return nil }
            _ = ldns_rr_list_push_rr(list, owned.rr)
        }
        self.list = list
    }

    func free() { ldns_rr_list_deep_free(list) }
}
