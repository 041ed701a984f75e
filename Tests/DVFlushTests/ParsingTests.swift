import Foundation
import Testing
@testable import DVFlush

@Suite("flush-dns: /proc and option parsing")
struct ParsingTests {
    @Test func udpTableDecodesLittleEndianAddresses() {
        let text = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
            10229: 3535357F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 139756 2 000000007b2deabd 0
            10230: 0100007F:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7 2 000000007b2deabd 0
            """
        #expect(ProcParsing.udpTable(text, ipv6: false) == [UDPSocket(address: "127.53.53.53", port: 53, inode: 139756),
                                                          UDPSocket(address: "127.0.0.1", port: 5353, inode: 7)])
    }

    @Test func udp6AddressesAreCompressed() throws {
        let header = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
        let rows = [
            "   0: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 11 2 0 0",
            "   1: 0000000000000000FFFF00000100007F:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12 2 0 0",
            "   2: B80D0120000000000000000001000000:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 13 2 0 0",
        ]
        let sockets = ProcParsing.udpTable(header + rows.joined(separator: "\n"), ipv6: true)
        try #require(sockets.map(\.address) == ["::1", "::ffff:127.0.0.1", "2001:db8::1"])
        #expect(sockets.allSatisfy { $0.port == 53 })
        #expect(sockets[0].isLoopback && sockets[1].isLoopback && !sockets[2].isLoopback)
    }

    @Test func commandLinesSplitOnNULOrNewlines() {
        #expect(ProcParsing.commandLine("unbound\0-c\0/tmp/u.conf\0") == ["unbound", "-c", "/tmp/u.conf"])
        #expect(ProcParsing.commandLine("nscd\n") == ["nscd"])
        #expect(ProcParsing.commandLine("") == [])
    }

    @Test func optionValuesInEverySpelling() {
        let unbound = RunningProcess(pid: 1, arguments: ["/usr/sbin/unbound", "-d", "-c", "/a.conf"])
        #expect(unbound.name == "unbound")
        #expect(unbound.value(short: "c") == "/a.conf")
        #expect(RunningProcess(pid: 1, arguments: ["unbound", "-c/b.conf"]).value(short: "c") == "/b.conf")
        let dnsmasq = RunningProcess(pid: 2, arguments: ["dnsmasq", "--server=1.1.1.1", "--server", "9.9.9.9", "-S", "8.8.8.8", "--port=5353"])
        #expect(dnsmasq.values(short: "S", long: "server") == ["1.1.1.1", "9.9.9.9", "8.8.8.8"])
        #expect(dnsmasq.value(short: "p", long: "port") == "5353")
        #expect(dnsmasq.value(short: "c", long: "cache-size") == nil)
    }

    @Test func shellQuotingForDisplay() {
        #expect(ShellQuote.join(["unbound-control", "-c", "/tmp/x y.conf", "flush_zone", "a.test"]) == "unbound-control -c '/tmp/x y.conf' flush_zone a.test")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
    }

    @Test func operatingSystemNames() {
        #expect(TargetOS(argument: "Windows") == .windows)
        #expect(TargetOS(argument: "win") == .windows)
        #expect(TargetOS(argument: "osx") == .macos)
        #expect(TargetOS(argument: "darwin") == .macos)
        #expect(TargetOS(argument: "LINUX") == .linux)
        #expect(TargetOS(argument: "plan9") == nil)
        #expect(TargetOS(argument: "") == nil)
    }

    @Test func hostsFileEntries() {
        let text = "127.0.0.1 localhost\n# 203.0.113.1 www.example.test\n203.0.113.9\twww.example.test www # old\n\n198.51.100.1 other.test WWW.EXAMPLE.TEST.\r\n"
        let entries = HostsFile.entries(in: text, domain: "www.example.test")
        #expect(entries.map(\.line) == [3, 5])
        #expect(entries.map(\.address) == ["203.0.113.9", "198.51.100.1"])
        #expect(HostsFile.entries(in: text, domain: "example.test").isEmpty)
    }
}
