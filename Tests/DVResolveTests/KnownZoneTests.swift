import Foundation
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

    /// A bulk run's batch: every name gets the report it gets checked alone (round trips aside), whether its zone is
    /// walked in the batch or known from before, and whatever the answer: an address, a CNAME chain in the zone or
    /// out of it, a loop, NXDOMAIN, a deeper zone on the same servers, a lame delegation.
    @Test(arguments: [false, true])
    func aBatchOfNamesGetsTheReportsOfEachNameAlone(withResolver: Bool) async throws {
        let names = ["www.example.test", "alias.example.test", "chain.example.test", "loop1.example.test", "external.example.test",
                     "missing.example.test", "_acme-challenge.deleg.example.test", "www.other.test", "www.lame.test",
                     "differ.example.test"].map(dns)
            // What the resolver says about these two is chance: its own walk to the lame zone's dead server may outlast
            // a query's budget, and for `differ` it keeps the answer of whichever server it asked (they disagree).
            .filter { !withResolver || ![dns("www.lame.test"), dns("differ.example.test")].contains($0) }
        let resolvers = withResolver ? [DNSWorld.resolver] : []
        // One checker for both, so that both read the zones' serials once (other tests may edit the shared world).
        let checker = try await DNSWorld.checker(resolvers: resolvers)
        // The first round walks to every zone; the second finds them known.
        for round in 1...2 {
            let reports = await checker.check(names)
            #expect(reports.map(\.name) == names.map(\.description))
            for (name, report) in zip(names, reports) {
                let single = await checker.check(name)
                #expect(Self.comparable(report, resolverAsked: withResolver) == Self.comparable(single, resolverAsked: withResolver), "\(name), round \(round)")
            }
        }
    }

    /// The JSON line without what changes from one asking to the next: round trips, and with a resolver asked, the TTLs
    /// its cache counts down (the run without a resolver holds the authoritative TTLs to each other) and the transport
    /// to it (TCP once a slow answer of the resolver needed resends).
    static func comparable(_ report: ResolveReport, resolverAsked: Bool) -> String {
        let line = report.jsonLine().replacingOccurrences(of: #""rttMilliseconds":[0-9.e-]+"#, with: "", options: .regularExpression)
        guard resolverAsked else { return line }
        return line.replacingOccurrences(of: #""(negativeTTL|ttl)":[0-9]+"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #""server":"resolver","transport":"[a-z]+""#, with: #""server":"resolver""#, options: .regularExpression)
    }
}
