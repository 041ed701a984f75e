internal import CLDNS

/// RFC 4035 §5.4 / §3.1.3.2: an NSEC proof of NXDOMAIN must show two things, that the name does not exist and that
/// no wildcard at its closest encloser could have answered for it. libldns's `ldns_dnssec_verify_denial` looks for
/// the wildcard under the name's parent only, so for a name two or more labels below its closest encloser
/// (`a.b.nope.zone.` when only `zone.` exists) a proof without the wildcard's NSEC passes there; validators
/// (Unbound, BIND) call it bogus and answer SERVFAIL, which a CA takes as a failed lookup.
enum WildcardDenial {
    /// Why `nsecs` (a list libldns already judged to prove `name` does not exist) leave it or the closest encloser's
    /// wildcard unproven; nil when they prove both absent.
    static func failure(name: UnsafePointer<ldns_rdf>, nsecs: UnsafeMutablePointer<ldns_rr_list>) -> String? {
        let records = (0..<ldns_rr_list_rr_count(nsecs)).compactMap { ldns_rr_list_rr(nsecs, $0) }
            .filter { ldns_rr_get_type($0) == LDNS_RR_TYPE_NSEC }
        // ldns counts an NSEC owned by the name as covering it: that one shows the name exists, which no NXDOMAIN
        // may rest on (a replayed or forged answer could).
        guard let covering = records.first(where: { ldns_dname_compare(ldns_rr_owner($0), name) != 0 && ldns_nsec_covers_name($0, name) }) else {
            return "the only NSEC for \(LDNSCodec.presentation(UnsafeMutablePointer(mutating: name))) is its own, which shows that it exists"
        }
        guard let encloser = closestEncloser(of: name, covering: covering) else { return nil }
        defer { ldns_rdf_deep_free(encloser) }
        guard let wildcard = ldns_dname_new_frm_str("*") else { return "ldns could not build a wildcard name" }
        defer { ldns_rdf_deep_free(wildcard) }
        guard ldns_dname_cat(wildcard, encloser) == LDNS_STATUS_OK else { return "ldns could not build a wildcard name" }
        let text = LDNSCodec.presentation(wildcard)
        if records.contains(where: { ldns_dname_compare(ldns_rr_owner($0), wildcard) == 0 }) {
            return "the wildcard \(text) exists, so the name should have been answered from it"
        }
        guard records.contains(where: { ldns_nsec_covers_name($0, wildcard) }) else {
            return "no NSEC record shows that the wildcard \(text) does not exist"
        }
        return nil
    }

    /// RFC 4035 §5.3.4, RFC 5155 §8.8: an answer synthesised from the wildcard at `encloser` is valid only with a proof
    /// that the name the wildcard stood in for does not exist. With NSEC, a record that spans `name` itself (not one
    /// that owns it) and shows `encloser` as its closest encloser; with NSEC3, a record that spans the hash of the
    /// next closer name. Why `records` lack that proof, or nil when they hold it.
    static func expansionFailure(name: UnsafePointer<ldns_rdf>, encloser: UnsafePointer<ldns_rdf>,
                                 records: UnsafeMutablePointer<ldns_rr_list>) -> String? {
        let proof = (0..<ldns_rr_list_rr_count(records)).compactMap { ldns_rr_list_rr(records, $0) }
        let text = LDNSCodec.presentation(UnsafeMutablePointer(mutating: name))
        if proof.contains(where: { ldns_rr_get_type($0) == LDNS_RR_TYPE_NSEC3 }) {
            guard let nextCloser = ancestor(of: name, labels: ldns_dname_label_count(encloser) + 1) else {
                return "ldns could not build the next closer name of \(text)"
            }
            defer { ldns_rdf_deep_free(nextCloser) }
            let covered = proof.contains { nsec3 in
                guard ldns_rr_get_type(nsec3) == LDNS_RR_TYPE_NSEC3, let hashed = hashedOwner(of: nextCloser, under: nsec3) else { return false }
                defer { ldns_rdf_deep_free(hashed) }
                return ldns_dname_compare(ldns_rr_owner(nsec3), hashed) != 0 && ldns_nsec_covers_name(nsec3, hashed)
            }
            return covered ? nil : "no NSEC3 record spans the hash of \(LDNSCodec.presentation(nextCloser)), so nothing shows that \(text) does not exist"
        }
        let spanning = proof.filter {
            ldns_rr_get_type($0) == LDNS_RR_TYPE_NSEC && ldns_dname_compare(ldns_rr_owner($0), name) != 0 && ldns_nsec_covers_name($0, name)
        }
        guard !spanning.isEmpty else { return "no NSEC record shows that \(text) does not exist" }
        let fromTheWildcard = spanning.contains { nsec in
            guard let closest = closestEncloser(of: name, covering: nsec) else { return false }
            defer { ldns_rdf_deep_free(closest) }
            return ldns_dname_compare(closest, encloser) == 0
        }
        return fromTheWildcard ? nil : "the NSEC records show a closest encloser of \(text) other than the wildcard's parent \(LDNSCodec.presentation(UnsafeMutablePointer(mutating: encloser)))"
    }

    /// RFC 5155 §9.2: whether the NSEC3 that spans the hash of `name`'s next closer name has the opt-out flag, which
    /// proves only that no signed delegation exists there (validators answer such proofs without AD: insecure). The
    /// closest encloser is the one with `encloserLabels` labels when given (a wildcard's parent), else the nearest
    /// strict ancestor of `name` whose hash an NSEC3 of `records` owns.
    static func optOutSpansNextCloser(of name: UnsafePointer<ldns_rdf>, encloserLabels: UInt8?,
                                      records: UnsafeMutablePointer<ldns_rr_list>) -> Bool {
        let nsec3s = (0..<ldns_rr_list_rr_count(records)).compactMap { ldns_rr_list_rr(records, $0) }
            .filter { ldns_rr_get_type($0) == LDNS_RR_TYPE_NSEC3 }
        func hashes(_ candidate: UnsafePointer<ldns_rdf>, _ test: (UnsafeMutablePointer<ldns_rr>, UnsafeMutablePointer<ldns_rdf>) -> Bool) -> Bool {
            nsec3s.contains { nsec3 in
                guard let hashed = hashedOwner(of: candidate, under: nsec3) else { return false }
                defer { ldns_rdf_deep_free(hashed) }
                return test(nsec3, hashed)
            }
        }
        let count = ldns_dname_label_count(name)
        let encloser = encloserLabels ?? (0..<count).reversed().first { labels in
            guard let ancestor = ancestor(of: name, labels: labels) else { return false }
            defer { ldns_rdf_deep_free(ancestor) }
            return hashes(ancestor) { ldns_dname_compare(ldns_rr_owner($0), $1) == 0 }
        }
        guard let encloser, encloser < count, let nextCloser = ancestor(of: name, labels: encloser + 1) else { return false }
        defer { ldns_rdf_deep_free(nextCloser) }
        return hashes(nextCloser) { nsec3, hashed in
            ldns_nsec3_optout(nsec3) && ldns_dname_compare(ldns_rr_owner(nsec3), hashed) != 0 && ldns_nsec_covers_name(nsec3, hashed)
        }
    }

    /// The ancestor of `name` (itself included) with `labels` labels besides the root. Freed by the caller.
    static func ancestor(of name: UnsafePointer<ldns_rdf>, labels: UInt8) -> UnsafeMutablePointer<ldns_rdf>? {
        var current = ldns_rdf_clone(name)
        while let name = current, ldns_dname_label_count(name) > labels {
            current = ldns_dname_left_chop(name)
            ldns_rdf_deep_free(name)
        }
        return current
    }

    /// `name` hashed with the parameters of `nsec3`, under the zone that owns it. Freed by the caller.
    private static func hashedOwner(of name: UnsafePointer<ldns_rdf>, under nsec3: UnsafeMutablePointer<ldns_rr>)
        -> UnsafeMutablePointer<ldns_rdf>? {
        guard let hashed = ldns_nsec3_hash_name_frm_nsec3(nsec3, name) else { return nil }
        guard let zone = ldns_dname_left_chop(ldns_rr_owner(nsec3)) else { ldns_rdf_deep_free(hashed); return nil }
        defer { ldns_rdf_deep_free(zone) }
        guard ldns_dname_cat(hashed, zone) == LDNS_STATUS_OK else { ldns_rdf_deep_free(hashed); return nil }
        return hashed
    }

    /// The longest ancestor of `name` that the covering NSEC's owner or next name lies at or under: the deepest
    /// name the proof shows to exist above `name` (RFC 4592 §3.3.1). Freed by the caller.
    private static func closestEncloser(of name: UnsafePointer<ldns_rdf>, covering nsec: UnsafeMutablePointer<ldns_rr>)
        -> UnsafeMutablePointer<ldns_rdf>? {
        guard let owner = ldns_rr_owner(nsec), let next = ldns_rr_rdf(nsec, 0) else { return nil }
        func encloses(_ ancestor: UnsafeMutablePointer<ldns_rdf>, _ other: UnsafeMutablePointer<ldns_rdf>) -> Bool {
            ldns_dname_compare(ancestor, other) == 0 || ldns_dname_is_subdomain(other, ancestor)
        }
        var candidate = ldns_dname_left_chop(name)
        while let current = candidate {
            if encloses(current, owner) || encloses(current, next) || ldns_dname_label_count(current) == 0 { return current }
            candidate = ldns_dname_left_chop(current)
            ldns_rdf_deep_free(current)
        }
        return nil
    }
}
