// SpecialPurposeAddress: IANA's special-purpose address registries, the Baseline Requirements' "Reserved IP
// Address" (BR 1.6.1): an address in any entry of either registry. Public CAs issue for none and connect to none:
// Boulder's VA drops them from A and AAAA answers ("no valid A records found") and refuses redirects to them.

/// The registry entry an address falls in, the most specific one when entries nest (192.0.0.9 is "Port Control
/// Protocol Anycast", not "IETF Protocol Assignments").
public struct SpecialPurposeBlock: Sendable, Hashable {
    /// The address block as IANA writes it, e.g. `10.0.0.0/8`.
    public let block: String
    /// IANA's name for it, e.g. `Private-Use`.
    public let name: String
    /// The RFC that reserves it, e.g. `RFC 1918`.
    public let rfc: String

    let network: [UInt8]
    let bits: Int

    private init?(block: Substring, name: Substring, rfc: Substring) {
        let parts = block.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let bits = Int(parts[1]),
              (0...address.bytes.count * 8).contains(bits) else { return nil }
        (self.block, self.name, self.rfc, network, self.bits) = (String(block), String(name), String(rfc), address.bytes, bits)
    }

    /// "Private-Use, RFC 1918", as reports print it.
    public var label: String { "\(name), \(rfc)" }

    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == network.count else { return false }
        var remaining = bits
        for (have, want) in zip(bytes, network) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if have & mask != want & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// Both registries, most specific entry first. Transcribed from IANA's CSVs as Boulder embeds them
    /// (letsencrypt/boulder iana/data, 2026): name, then RFC, then the blocks.
    static let registry: [SpecialPurposeBlock] = registryText.split(separator: "\n").flatMap { line -> [SpecialPurposeBlock] in
        let fields = line.split(separator: "|").map(trimmingSpaces)
        // A line that does not parse is a transcription error: SpecialPurposeTests checks every block is here.
        return fields.dropFirst(2).compactMap { SpecialPurposeBlock(block: $0, name: fields[0], rfc: fields[1]) }
    }.sorted { $0.bits > $1.bits }

    private static func trimmingSpaces(_ field: Substring) -> Substring {
        var field = field
        while field.first == " " { field.removeFirst() }
        while field.last == " " { field.removeLast() }
        return field
    }

    private static let registryText = """
        "This network" | RFC 791 | 0.0.0.0/8
        "This host on this network" | RFC 1122 | 0.0.0.0/32
        Private-Use | RFC 1918 | 10.0.0.0/8 | 172.16.0.0/12 | 192.168.0.0/16
        Shared Address Space | RFC 6598 | 100.64.0.0/10
        Loopback | RFC 1122 | 127.0.0.0/8
        Link Local | RFC 3927 | 169.254.0.0/16
        IETF Protocol Assignments | RFC 6890 | 192.0.0.0/24
        IPv4 Service Continuity Prefix | RFC 7335 | 192.0.0.0/29
        IPv4 dummy address | RFC 7600 | 192.0.0.8/32
        Port Control Protocol Anycast | RFC 7723 | 192.0.0.9/32 | 2001:1::1/128
        Traversal Using Relays around NAT Anycast | RFC 8155 | 192.0.0.10/32 | 2001:1::2/128
        NAT64/DNS64 Discovery | RFC 8880 | 192.0.0.170/32 | 192.0.0.171/32
        Documentation (TEST-NET-1) | RFC 5737 | 192.0.2.0/24
        Documentation (TEST-NET-2) | RFC 5737 | 198.51.100.0/24
        Documentation (TEST-NET-3) | RFC 5737 | 203.0.113.0/24
        AS112-v4 | RFC 7535 | 192.31.196.0/24
        AS112-v6 | RFC 7535 | 2001:4:112::/48
        AMT | RFC 7450 | 192.52.193.0/24 | 2001:3::/32
        Deprecated (6to4 Relay Anycast) | RFC 7526 | 192.88.99.0/24
        6a44-relay anycast address | RFC 6751 | 192.88.99.2/32
        Direct Delegation AS112 Service | RFC 7534 | 192.175.48.0/24 | 2620:4f:8000::/48
        Benchmarking | RFC 2544 | 198.18.0.0/15
        Benchmarking | RFC 5180 | 2001:2::/48
        Reserved | RFC 1112 | 240.0.0.0/4
        Limited Broadcast | RFC 8190 | 255.255.255.255/32
        Loopback Address | RFC 4291 | ::1/128
        Unspecified Address | RFC 4291 | ::/128
        IPv4-mapped Address | RFC 4291 | ::ffff:0:0/96
        IPv4-IPv6 Translation | RFC 6052 | 64:ff9b::/96
        IPv4-IPv6 Translation | RFC 8215 | 64:ff9b:1::/48
        Discard-Only Address Block | RFC 6666 | 100::/64
        Dummy IPv6 Prefix | RFC 9780 | 100:0:0:1::/64
        IETF Protocol Assignments | RFC 2928 | 2001::/23
        TEREDO | RFC 4380 | 2001::/32
        DNS-SD Service Registration Protocol Anycast | RFC 9665 | 2001:1::3/128
        Deprecated (previously ORCHID) | RFC 4843 | 2001:10::/28
        ORCHIDv2 | RFC 7343 | 2001:20::/28
        Drone Remote ID Protocol Entity Tags (DETs) Prefix | RFC 9374 | 2001:30::/28
        Documentation | RFC 3849 | 2001:db8::/32
        Documentation | RFC 9637 | 3fff::/20
        6to4 | RFC 3056 | 2002::/16
        Segment Routing (SRv6) SIDs | RFC 9602 | 5f00::/16
        Unique-Local | RFC 4193 | fc00::/7
        Link-Local Unicast | RFC 4291 | fe80::/10
        """
}

/// What a CA does with an address in IANA's special-purpose registries (the Baseline Requirements' "Reserved IP
/// Address": private, loopback, documentation, unique-local, …).
public enum ReservedAddressHandling: Sendable {
    /// Drop it from the answer and never connect to it, as every public CA must (Boulder's VA: "no valid A records
    /// found for …" when none is left; a redirect to one is refused).
    case dropAsPublicCAsDo
    /// Connect to it: a private world's CA (Pebble, a lab Boulder with allowRestrictedAddresses) lives on such
    /// addresses.
    case connect
}

extension IPAddress {
    /// The special-purpose block the address is in (a "Reserved IP Address" to the Baseline Requirements), or nil
    /// for an address public CAs connect to.
    public var specialPurpose: SpecialPurposeBlock? {
        let bytes = bytes
        return SpecialPurposeBlock.registry.first { $0.contains(bytes) }
    }
}

extension Sequence<IPAddress> {
    /// The reserved ones, each with its block: "10.0.0.5 (Private-Use, RFC 1918)".
    public var reservedWithBlocks: [String] {
        compactMap { address in address.specialPurpose.map { "\(address) (\($0.label))" } }
    }
}
