import Testing
import DVTestSupport
import DVDNS

/// With CD and DO the world's resolver passes records on unjudged, with their signatures: what the validator reads
/// when it fetches a chain through a resolver (the zones' servers out of reach). Both worlds' resolvers do this.
@Suite struct ResolverCDTests {
    @Test func aBogusAnswerComesWithItsSignaturesAndNoAD() async throws {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        let name = try DNSName("www.expired.dnssec.test")
        let query = DNSQuery(name: name, type: .a, recursionDesired: true, checkingDisabled: true, dnssecOK: true)
        let exchange = await client.query(query, server: TestWorld.resolver, policy: DNSSECWorld.policy)
        await client.shutdown()
        let message = try #require(exchange.message, "the resolver did not answer: \(exchange.error?.description ?? "")")
        #expect(message.rcode == .noError && !message.authenticData)
        #expect(message.answer.contains { $0.name == name && $0.type == .a })
        #expect(message.answer.contains { $0.name == name && $0.rrsig?.typeCovered == .a }, "\(message.answer)")
    }
}
