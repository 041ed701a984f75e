import Testing
@testable import DVDomain

/// IANA's special-purpose registries as the Baseline Requirements' "Reserved IP Address": what public CAs drop.
@Suite("special-purpose (reserved) addresses")
struct SpecialPurposeTests {
    /// 26 IPv4 blocks (NAT64/DNS64 Discovery has two) and 25 IPv6 blocks: a line that fails to parse is missing.
    @Test func everyRegistryBlockIsInTheTable() {
        #expect(SpecialPurposeBlock.registry.count == 51 && Set(SpecialPurposeBlock.registry.map(\.block)).count == 51)
    }

    /// Each block's first and last address fall in it, or in a more specific block nested in it.
    @Test func everyBlockHoldsItsOwnEdges() throws {
        for block in SpecialPurposeBlock.registry {
            var last = block.network
            for index in last.indices {
                let hostBits = max(0, min(8, (index + 1) * 8 - block.bits))
                last[index] |= UInt8((1 << hostBits) - 1)
            }
            for edge in [block.network, last] {
                let found = try #require(IPAddress(bytes: edge)?.specialPurpose, "\(block.block)")
                #expect(found.bits >= block.bits && block.contains(edge), "\(block.block): \(found.block)")
            }
        }
    }

    /// The most specific entry names the address (192.0.0.9 in 192.0.0.0/24 is the PCP anycast address).
    @Test(arguments: [("192.168.1.10", "Private-Use, RFC 1918"), ("127.53.70.1", "Loopback, RFC 1122"),
                      ("192.0.0.9", "Port Control Protocol Anycast, RFC 7723"), ("fd12:3456::1", "Unique-Local, RFC 4193"),
                      ("2001:0:4136:e378::1", "TEREDO, RFC 4380"), ("::ffff:10.0.0.1", "IPv4-mapped Address, RFC 4291")])
    func reservedAddressesNameTheirMostSpecificBlock(address: String, label: String) throws {
        let parsed = try #require(IPAddress(address))
        #expect(parsed.specialPurpose?.label == label)
    }

    @Test(arguments: ["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.63.255.255", "192.0.1.255", "11.0.0.1",
                      "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "2001:4860:4860::8888", "fec0::1", "2001:200::1"])
    func publicAddressesAreInNoBlock(address: String) throws {
        #expect(try #require(IPAddress(address)).specialPurpose == nil)
    }
}
