import Testing
import DVTestSupport
@testable import DVDNS

/// What the client remembers of each server (answering, fast, silent) and the order walks ask in. Addresses without
/// a route are tested where one can be taken away: on the internet in a box (InternetBoxTests).
@Suite("server preference and routes, against a scripted server")
struct ServerPreferenceTests {
    let quick = QueryPolicy(timeout: .milliseconds(300), attempts: 1)
    /// The thirteen IANA root addresses: nothing here has asked them, so no preference is known.
    let roots = RootHints.iana.servers.compactMap { $0.addresses.first.map { ServerAddress(ip: $0) } }

    @Test func firstQuestionsSpreadOverServersNothingIsKnownOf() async throws {
        let client = try await DNSClient()
        let firsts = Set((0..<100).compactMap { _ in client.preferredOrder(roots).first })
        // Always the same root first was the old order (sorted by address); at random, 100 draws of 13 hit most.
        #expect(firsts.count >= 8, "\(firsts)")
        await client.shutdown()
    }

    @Test func answeringServersComeFirstAndSilentOnesLast() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            return [WireBytes.answer(id: id, name: name, address: [192, 0, 2, 1])]
        })
        let silent = try await FakeDNSServer.start(udpReplies: { _ in [] })
        let client = try await DNSClient()
        let name = try DNSName("www.example.test")
        #expect(await client.query(DNSQuery(name: name, type: .a), server: server.address, policy: quick).message != nil)
        #expect(await client.query(DNSQuery(name: name, type: .a), server: silent.address, policy: quick).error?.code == "timeout")
        for _ in 0..<20 {
            let order = client.preferredOrder([silent.address] + roots + [server.address])
            #expect(order.first == server.address)
            #expect(order.last == silent.address)
        }
        await client.shutdown()
        await server.stop()
        await silent.stop()
    }
}
