import Foundation
import Testing
@testable import DVFlush

@Suite("flush-dns parsing")
struct ParsingTests {
    @Test func udpTableDecodesLittleEndianAddresses() {
        let text = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
            10229: 3535357F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 139756 2 000000007b2deabd 0
            """
        #expect(ProcParsing.udpTable(text, ipv6: false) == [UDPSocket(address: "127.53.53.53", port: 53, inode: 139756)])
    }
}
