import Testing
@testable import DVDNS

@Suite("names, addresses, root hints")
struct NameAndAddressTests {
    @Test func acceptsOrdinaryAndServiceNames() throws {
        #expect(try DNSName("www.example.test").description == "www.example.test.")
        #expect(try DNSName("_acme-challenge.example.test.").labels.first == "_acme-challenge")
        #expect(try DNSName("*.example.test").labels.first == "*")
        #expect(try DNSName("WWW.Example.TEST") == DNSName("www.example.test"))
        #expect(DNSName.root.description == ".")
    }

    @Test(arguments: [
        ("", "empty"),
        ("a..b", "empty label"),
        (".a", "empty label"),
        (String(repeating: "a", count: 64) + ".test", "63"),
        ((0..<64).map { _ in "abc" }.joined(separator: "."), "253"),
        ("exa mple.test", "U+0020"),
        ("exa$mple.test", "'$'"),
        ("例子.测试", "U+4F8B"),
    ])
    func rejectsBadNames(_ input: String, _ mentioned: String) {
        do {
            _ = try DNSName(input)
            Issue.record("\(input) was accepted")
        } catch {
            #expect(error.description.contains(mentioned), "\(error.description)")
        }
    }

    @Test func longestLegalNameIsAccepted() throws {
        let name = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".")
            + "." + String(repeating: "b", count: 61)
        #expect(name.utf8.count == 253)
        #expect(try DNSName(name).labels.count == 4)
    }

    @Test func subdomainRelation() throws {
        let zone = try DNSName("example.test")
        #expect(try DNSName("a.b.example.test").isSubdomain(of: zone))
        #expect(zone.isSubdomain(of: zone))
        #expect(!(try DNSName("badexample.test").isSubdomain(of: zone)))
        #expect(try DNSName("x.test").isSubdomain(of: .root))
        #expect(try DNSName("A.Example.TEST.").isSubdomain(of: zone))
        #expect(!(try DNSName("test").isSubdomain(of: zone)))
        #expect(!zone.isSubdomain(of: try DNSName("a.example.test")))
        #expect(try DNSName("WWW.Example.Test").description == "WWW.Example.Test.")
        #expect(DNSName.root.description == ".")
    }

    @Test func wireNamesAreEscapedAndCutAtTheirEnd() throws {
        func name(_ bytes: [UInt8]) -> DNSName { bytes.withUnsafeBufferPointer { DNSName(wire: $0) } }
        let odd: [UInt8] = [3, 0x61, 0x2E, 0x62, 2, 0x5C, 0x20, 4] + Array("TeSt".utf8) + [0]
        #expect(name(odd).description == "a\\046b.\\092\\032.TeSt.")
        #expect(name(odd).labels.count == 3)
        #expect(name([3] + Array("www".utf8) + [4] + Array("test".utf8) + [0]) == (try DNSName("WWW.test")))
        // A label running past the end ends the name there, as a truncated rdata must not crash.
        #expect(name([3] + Array("www".utf8) + [9, 0x61]).description == "www.")
        #expect(name([0]).isRoot)
    }

    @Test func queryIDsAreSpreadOverTheWholeRange() {
        var ids = RandomIDs()
        let drawn = (0..<2048).map { _ in ids.next() }
        // 2,048 draws from 65,536 values collide about 32 times; a stuck or narrow source collides far more.
        #expect(Set(drawn).count > 1900)
        #expect(drawn.contains { $0 > 0x8000 } && drawn.contains { $0 < 0x8000 })
    }

    @Test func parsesAddressesAndServers() {
        #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPAddress("2001:DB8::1")?.description == "2001:db8::1")
        #expect(IPAddress("300.1.1.1") == nil)
        #expect(IPAddress("example.test") == nil)
        #expect(ServerAddress(parsing: "127.0.0.1:5353")?.port == 5353)
        #expect(ServerAddress(parsing: "[::1]:53")?.ip == IPAddress("::1"))
        #expect(ServerAddress(parsing: "::1")?.port == 53)
        #expect(ServerAddress(parsing: "127.0.0.1:0") == nil)
        #expect(ServerAddress(parsing: "1.2.3.4:99999") == nil)
    }

    @Test func parsesNamedRootHints() throws {
        let text = """
            ; comment line
            .                        3600000      NS    A.ROOT-SERVERS.NET.
            A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4
            A.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:ba3e::2:30
            """
        let hints = try RootHints(parsing: text, source: "test")
        #expect(hints.servers.count == 1)
        #expect(hints.servers[0].addresses.count == 2)
        #expect(RootHints.iana.servers.count == 13)
    }

    @Test func rootHintsErrorsNameTheProblem() {
        #expect(throws: DNSError.self) { try RootHints(parsing: ". NS a.root.\na.root. A not-an-ip", source: "x") }
        #expect(throws: DNSError.self) { try RootHints(parsing: "; nothing here", source: "x") }
        do {
            _ = try RootHints.load(path: "/nonexistent/root.hints")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.description.contains("/nonexistent/root.hints"))
            #expect(error.description.contains("No such file"))
        }
    }

    /// A stale public resolver is explained as such (issue 13.2); a resolver the user named is not.
    @Test func publicResolversCarryTheirStaleAnswerNote() {
        #expect(ServerAddress.publicResolvers.count == 5)
        #expect(ServerAddress(parsing: "8.8.8.8")!.staleAnswerNote.contains("public resolver: the CA does not ask it"))
        #expect(ServerAddress(parsing: "127.53.53.53")!.staleAnswerNote.isEmpty)
    }
}

/// The one domain-input normaliser of every command (issue 14.1).
@Suite("domain input")
struct DomainInputTests {
    @Test func formsOfWhatUsersType() throws {
        let plain = try DomainInput(parsing: " WWW.Example.Test. ")
        #expect(plain.ascii == "www.example.test" && plain.unicode == nil && plain.name.description == "WWW.Example.Test.")
        let idn = try DomainInput(parsing: "例子.中国")
        #expect(idn.ascii == "xn--fsqu00a.xn--fiqs8s" && idn.unicode == "例子.中国")
        #expect(idn.display == "xn--fsqu00a.xn--fiqs8s. (例子.中国)")
        let wildcard = try DomainInput(parsing: "*.例子.中国", allowWildcard: true)
        #expect(wildcard.isWildcard && wildcard.ascii == "*.xn--fsqu00a.xn--fiqs8s" && wildcard.unicode == "*.例子.中国")
        #expect(try DomainInput(parsing: "_acme-challenge.example.test").ascii == "_acme-challenge.example.test")
    }

    @Test(arguments: ["", "a..b", "bad name.test", String(repeating: "a", count: 64) + ".test", "xn--zz.test", "*.example.test"])
    func refused(_ text: String) {
        #expect(throws: DomainInput.InvalidName.self, "\(text)") { try DomainInput(parsing: text) }
    }
}
