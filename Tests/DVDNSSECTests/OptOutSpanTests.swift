import Testing
import DVDNS
import DVTestSupport

/// RFC 5155 §9.2: a denial whose next closer name falls in an opt-out span proves nothing about unsigned names in it;
/// validators answer it without AD (insecure). optout.dnssec.test is signed with opt-out on every NSEC3,
/// nsec3.dnssec.test without.
@Suite(.serialized) struct OptOutSpanTests {
    static func proof(_ name: String, _ type: RecordType) async throws -> (DNSName, [ResourceRecord]) {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let qname = try DNSName(name)
        let result = await client.query(DNSQuery(name: qname, type: type, dnssecOK: true), server: ServerAddress(parsing: "127.53.5.2")!,
                                        policy: QueryPolicy(timeout: .milliseconds(1500), attempts: 2))
        let reply = try #require(result.message, "the signed server did not answer: \(result.error?.description ?? "")")
        return (qname, reply.authority.filter { $0.type == .nsec3 })
    }

    @Test(arguments: ["nope.optout.dnssec.test.", "a.b.nope.optout.dnssec.test."])
    func anNXDOMAINFromAnOptOutSpanIsInIt(name: String) async throws {
        let (qname, proof) = try await Self.proof(name, .a)
        #expect(proof.count >= 2 && DNSSECCrypto.isInOptOutSpan(qname, proof: proof))
    }

    @Test func aNameThatExistsIsInNoSpan() async throws {
        let (qname, proof) = try await Self.proof("www.optout.dnssec.test.", .txt)
        #expect(proof.count == 1 && !DNSSECCrypto.isInOptOutSpan(qname, proof: proof), "www's own NSEC3 matches it")
    }

    @Test func withoutTheFlagThereIsNoSpan() async throws {
        let (qname, proof) = try await Self.proof("nope.nsec3.dnssec.test.", .a)
        #expect(proof.count >= 2 && !DNSSECCrypto.isInOptOutSpan(qname, proof: proof))
    }
}
