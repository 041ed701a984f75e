import Testing
import DVDNS
import DVResolve

/// A checker that has walked to a zone asks later names of that zone's servers directly; these tests hold it
/// to the same answers as a fresh walk, including for a deeper zone on the same servers.
@Suite("resolve: names of a zone already walked")
struct KnownZoneTests {
    @Test func laterNamesOfAWalkedZoneGetTheSameReportAsAFreshWalk() async throws {
        let warm = try await DNSWorld.checker(resolvers: [])
        _ = await warm.check(dns("www.example.test"))
        let fromKnownZone = await warm.check(dns("differ.example.test"))
        let fresh = await (try await DNSWorld.checker(resolvers: [])).check(dns("differ.example.test"))
        #expect(fromKnownZone.zone == "example.test.")
        #expect(fromKnownZone.status == fresh.status)
        #expect(fromKnownZone.codes == fresh.codes)
        #expect(fromKnownZone.nameservers == fresh.nameservers)
        #expect(fromKnownZone.authoritative.map(\.addresses) == fresh.authoritative.map(\.addresses))
        #expect(fromKnownZone.authoritative.map(\.serial) == fresh.authoritative.map(\.serial))
        #expect(fromKnownZone.authoritative.allSatisfy { $0.serial != nil })
    }

    /// auth1 also holds `_acme-challenge.deleg.example.test`; auth2 only refers to it. The answers betray the
    /// deeper zone (its SOA from auth1, a referral from auth2), so the checker walks and reports that zone.
    @Test func aDeeperZoneOnTheSameServersIsFoundNotMistakenForTheParent() async throws {
        let checker = try await DNSWorld.checker(resolvers: [])
        _ = await checker.check(dns("www.example.test"))
        let report = await checker.check(dns("_acme-challenge.deleg.example.test"))
        #expect(report.zone == "_acme-challenge.deleg.example.test.")
        #expect(report.nameservers.map(\.name) == ["ns1.example.test."])
        #expect(report.authoritative.allSatisfy { $0.authoritativeAnswer == true && $0.verdict == .nodata })
    }
}
