import DVDNS

/// What makes a served DNSKEY the key an anchor names (RFC 5011 §2.1 compares keys so): the flags without the
/// REVOKE bit, the protocol, the algorithm and the public key. Never the TTL or the owner's case, in which an
/// anchor file (Debian's root.key has no TTL) and the zone's answer differ.
struct AnchoredKey: Hashable {
    static let revokeBit: UInt16 = 0x0080

    let flags: UInt16
    let protocolNumber: UInt8
    let algorithm: UInt8
    let publicKey: [UInt8]

    init?(_ record: ResourceRecord) {
        guard let key = record.dnskey else { return nil }
        flags = key.flags & ~Self.revokeBit
        protocolNumber = key.protocolNumber
        algorithm = key.algorithm
        publicKey = key.publicKey
    }
}
