import Testing
import DVTestSupport
@testable import DVDNS
import DVResolve
import DVReport

/// `resolve` against the real NSD/Unbound world: one test per case in zones/README.md.
@Suite("resolve against the DNS world")
struct ResolveWorldTests {
    @Test func consistentNameWithExpectedAddressesIsOK() async throws {
        let report = try await DNSWorld.checker().check(dns("www.example.test"), expected: [ip("192.0.2.10"), ip("2001:db8::10")])
        #expect(report.status == .ok, "\(report.problems)")
        #expect(report.zone == "example.test.")
        #expect(report.discovery == .delegation)
        #expect(Set(report.nameservers.map(\.name)) == ["ns1.example.test.", "ns2.example.test."])
        #expect(report.nameservers.allSatisfy { $0.inParent && $0.inChild })
        #expect(report.rows("A").count == 2)
        #expect(report.rows("A").allSatisfy { $0.addresses == ["192.0.2.10"] && $0.authoritativeAnswer == true && $0.ttl == 300 })
        #expect(report.recursive.first { $0.type == "A" }?.addresses == ["192.0.2.10"])
        #expect(report.maximumTTL == 300)
    }

    @Test func wrongExpectedAddressIsReported() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("www.example.test"), expected: [ip("192.0.2.99")])
        #expect(report.status == .problem)
        #expect(report.errorCodes.contains("unexpected-address"))
        #expect(report.rows("A").allSatisfy { $0.verdict == .mismatch })
    }

    @Test func serversThatDisagreeAreNamedWithTheirSerials() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("differ.example.test"))
        #expect(report.errorCodes == ["servers-disagree"])
        let message = try #require(report.problems.first { $0.code == .serversDisagree }?.message)
        #expect(message.contains("192.0.2.20") && message.contains("192.0.2.21"))
        #expect(message.contains("serial"))
        #expect(Set(report.rows("A").map(\.addresses)) == [["192.0.2.20"], ["192.0.2.21"]])
    }

    @Test func aaaaPointingElsewhereFailsEvenWhenAIsRight() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("v6wrong.example.test"), expected: [ip("192.0.2.30")])
        #expect(report.errorCodes == ["aaaa-mismatch"])
        #expect(report.rows("A").allSatisfy { $0.verdict == .ok })
        #expect(report.rows("AAAA").allSatisfy { $0.verdict == .mismatch && $0.addresses == ["2001:db8::dead"] })
        #expect(report.problems.first { $0.code == .aaaaMismatch }!.message.contains("IPv6 first"))
    }

    @Test func expectedIPv6IsComparedToo() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("v6wrong.example.test"),
                                                                      expected: [ip("192.0.2.30"), ip("2001:db8::30")])
        #expect(report.errorCodes == ["aaaa-mismatch"])
    }

    @Test func cnameChainInsideTheZoneIsFollowed() async throws {
        let report = try await DNSWorld.checker().check(dns("chain.example.test"), expected: [ip("192.0.2.10"), ip("2001:db8::10")])
        #expect(report.status == .ok, "\(report.problems)")
        #expect(report.cnameChain == ["alias.example.test.", "www.example.test."])
        #expect(report.rows("A").allSatisfy { $0.cnames.count == 2 && $0.addresses == ["192.0.2.10"] })
    }

    @Test func cnameIntoAnotherZoneAsksThatZonesServers() async throws {
        let report = try await DNSWorld.checker().check(dns("external.example.test"), expected: [ip("198.51.100.10")])
        #expect(report.cnameChain == ["www.other.test."])
        let targetRows = report.rows("A", name: "www.other.test.")
        #expect(!targetRows.isEmpty)
        #expect(targetRows.allSatisfy { $0.addresses == ["198.51.100.10"] && $0.verdict == .ok })
        #expect(report.status == .ok, "\(report.problems)")
    }

    @Test func cnameLoopIsNamed() async throws {
        let report = try await DNSWorld.checker().check(dns("loop1.example.test"))
        #expect(report.errorCodes.contains("cname-loop"))
        #expect(report.rows("A").allSatisfy { $0.verdict == .loop })
        // Unbound gives up on the loop too.
        #expect(report.recursive.contains { $0.rcode == "SERVFAIL" })
    }

    @Test func nxdomainAndNodataAreToldApart() async throws {
        let checker = try await DNSWorld.checker(resolvers: [])
        let missing = await checker.check(dns("missing.example.test"))
        #expect(missing.errorCodes == ["nxdomain"])
        #expect(missing.rows("A").allSatisfy { $0.verdict == .nxdomain && $0.negativeTTL == 600 })
        #expect(missing.problems.first { $0.code == .nxdomain }!.message.contains("600 s"))
        let nodata = await checker.check(dns("nodata.example.test"))
        #expect(nodata.errorCodes == ["nodata"])
        #expect(nodata.rows("A").allSatisfy { $0.verdict == .nodata && $0.rcode == "NOERROR" })
    }

    @Test func lameAndDeadNameserversAreReportedPerServer() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("www.lame.test"), expected: [ip("192.0.2.70")])
        #expect(report.status == .problem)
        #expect(report.errorCodes == ["lame-server", "unreachable-server"])
        let byAddress = Dictionary(grouping: report.rows("A"), by: \.address)
        #expect(byAddress["127.53.1.1"]?.first?.verdict == .ok)
        #expect(byAddress["127.53.2.1"]?.first?.verdict == .unreachable)
        #expect(byAddress["127.53.2.2"]?.first?.verdict == .refused)
    }

    @Test func parentAndChildNSSetsThatDifferAreAWarning() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("www.mismatch.test"), expected: [ip("192.0.2.80")])
        #expect(report.codes.contains("ns-mismatch"))
        #expect(report.status == .ok, "\(report.problems)")
        let ns3 = try #require(report.nameservers.first { $0.name == "ns3.example.test." })
        #expect(!ns3.inParent && ns3.inChild)
        let ns2 = try #require(report.nameservers.first { $0.name == "ns2.example.test." })
        #expect(ns2.inParent && !ns2.inChild)
    }

    @Test func zoneThatNoServerServesIsALameDelegation() async throws {
        let report = try await DNSWorld.checker(resolvers: []).check(dns("www.servfail.test"))
        #expect(report.status == .problem)
        #expect(report.errorCodes == ["lame-delegation"])
    }

    @Test func idnZoneStoredUnderALabels() async throws {
        let report = try await DNSWorld.checker().check(dns("www.xn--fsqu00a.xn--0zwm56d"), expected: [ip("192.0.2.90"), ip("2001:db8::90")])
        #expect(report.zone == "xn--fsqu00a.xn--0zwm56d.")
        #expect(report.status == .ok, "\(report.problems)")
    }

    @Test func unreachableRootFallsBackToTheResolver() async throws {
        let deadRoot = RootHints(servers: [NameServer(name: dns("dead.root"), addresses: [ip("127.53.2.1")])])
        let checker = try await DNSWorld.checker(resolvers: [DNSWorld.resolver], rootHints: deadRoot)
        let report = await checker.check(dns("www.example.test"), expected: [ip("192.0.2.10"), ip("2001:db8::10")])
        #expect(report.discovery == .recursive)
        #expect(report.codes.contains("discovery-fallback"))
        #expect(report.rows("A").count == 2)
        #expect(report.status == .ok, "\(report.problems)")
    }

    @Test func unreachableRootWithoutResolverCannotCheck() async throws {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        let deadRoot = RootHints(servers: [NameServer(name: dns("dead.root"), addresses: [ip("127.53.2.1")])])
        let policy = QueryPolicy(timeout: .milliseconds(300), attempts: 1)
        let checker = ResolveChecker(client: client, finder: AuthorityFinder(client: client, rootHints: deadRoot, policy: policy,
                                                                            fallbackResolvers: []), resolvers: [], policy: policy)
        let report = await checker.check(dns("www.example.test"))
        #expect(report.status == .error)
        #expect(report.errorCodes == ["discovery-failed"])
    }

    @Test func deadResolverIsAWarningNotAHang() async throws {
        let dead = ServerAddress(parsing: "127.53.2.1")!
        let started = ContinuousClock.now
        let report = try await DNSWorld.checker(resolvers: [dead]).check(dns("www.example.test"))
        #expect(ContinuousClock.now - started < .seconds(10), "bounded by the query timeout, never a hang")
        #expect(report.codes.contains("resolver-unreachable"))
        #expect(report.recursive.allSatisfy { $0.error != nil })
    }
}
