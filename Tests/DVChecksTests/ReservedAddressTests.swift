import DVBasics
import DVChecks
import DVDNS
@testable import DVHTTPCheck
import DVTestSupport
import Testing

/// Public CAs drop reserved addresses (BR "Reserved IP Address"; Boulder's VA): under IANA's roots dvtool does the
/// same, in a private world (its own root hints, as the bundled zones on 127.53.x.x) it connects as Pebble does.
@Suite(.serialized) struct ReservedAddressTests {
    @Test func theDefaultRootsMeanAPublicCAAndPrivateRootHintsAPrivateOne() async throws {
        let publicWorld = try await CheckContext(DNSSettings(), dnssec: .off)
        await publicWorld.shutdown()
        #expect(publicWorld.reservedAddresses == .dropAsPublicCAsDo)
        var settings = DNSSettings()
        settings.rootHintsPath = CheckContextTests.worldFile("root.hints")
        let privateWorld = try await CheckContext(settings, dnssec: .off)
        await privateWorld.shutdown()
        #expect(privateWorld.reservedAddresses == .connect)
    }

    @Test func aPublicCAFindsNoAddressWhereEveryAddressIsReserved() async throws {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        let policy = QueryPolicy(timeout: .seconds(2), attempts: 2)
        func resolver(_ handling: ReservedAddressHandling) -> DNSHostResolver {
            DNSHostResolver(client: client, resolvers: [TestWorld.resolver], policy: policy, reservedAddresses: handling)
        }
        let kept = await resolver(.connect).resolve("http-serve.example.test")
        #expect(kept.a == ["127.53.70.1"] && kept.reserved == nil, "\(kept)")
        let dropped = await resolver(.dropAsPublicCAsDo).resolve("http-serve.example.test")
        #expect(dropped.a.isEmpty && dropped.aaaa.isEmpty, "\(dropped)")
        #expect(dropped.reserved == [ReservedAddress(address: "127.53.70.1", block: "127.0.0.0/8", reason: "Loopback, RFC 1122")])
        // An address literal (a redirect target) is judged the same way, with no DNS at all.
        #expect(await resolver(.dropAsPublicCAsDo).resolve("192.168.1.10").reserved?.first?.reason == "Private-Use, RFC 1918")
        #expect(await resolver(.dropAsPublicCAsDo).resolve("93.184.215.14").a == ["93.184.215.14"])

        let checker = HTTPChecker(settings: HTTPCheckSettings(path: "/.well-known/acme-challenge/t"),
                                  resolver: resolver(.dropAsPublicCAsDo), tls: nil)
        let report = await checker.check(domain: "http-serve.example.test")
        await client.shutdown()
        #expect(report.verdict == .failed)
        #expect(report.addresses.isEmpty, "nothing is fetched from an address no public CA connects to")
        #expect(report.notes.contains { $0.contains("every address of http-serve.example.test is reserved (127.53.70.1: Loopback, RFC 1122)") },
                "\(report.notes)")
    }
}
