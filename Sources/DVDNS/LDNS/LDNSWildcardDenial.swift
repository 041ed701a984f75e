internal import CLDNS

/// RFC 4035 §5.4 / §3.1.3.2: an NSEC proof of NXDOMAIN must show two things, that the name does not exist and that
/// no wildcard at its closest encloser could have answered for it. libldns's `ldns_dnssec_verify_denial` looks for
/// the wildcard under the name's parent only, so for a name two or more labels below its closest encloser
/// (`a.b.nope.zone.` when only `zone.` exists) a proof without the wildcard's NSEC passes there; validators
/// (Unbound, BIND) call it bogus and answer SERVFAIL, which a CA takes as a failed lookup.
enum WildcardDenial {
    /// Why `nsecs` (a list that already proves `name` does not exist) leave the closest encloser's wildcard
    /// unproven; nil when they prove it absent.
    static func failure(name: UnsafePointer<ldns_rdf>, nsecs: UnsafeMutablePointer<ldns_rr_list>) -> String? {
        let records = (0..<ldns_rr_list_rr_count(nsecs)).compactMap { ldns_rr_list_rr(nsecs, $0) }
            .filter { ldns_rr_get_type($0) == LDNS_RR_TYPE_NSEC }
        guard let covering = records.first(where: { ldns_nsec_covers_name($0, name) }),
              let encloser = closestEncloser(of: name, covering: covering) else { return nil }
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
