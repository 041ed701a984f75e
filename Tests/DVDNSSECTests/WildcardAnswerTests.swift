import Testing
import DVDNS
import DVTestSupport

/// An answer expanded from a wildcard (its RRSIG's labels field shorter than the name) needs a proof that the name
/// itself does not exist (RFC 4035 §5.3.4, RFC 5155 §8.8): validators answer SERVFAIL without one, since a replayed
/// wildcard answer could otherwise stand in for a name that does exist. Answers come from wildcard.dnssec.test
/// (NSEC: apex, `*`, _acme-challenge, www) and wildcard3.dnssec.test (NSEC3), both with `* A` and `* TXT`.
@Suite(.serialized) struct WildcardAnswerTests {
    static let signedServer = ServerAddress(parsing: "127.53.5.2")!

    struct Expanded {
        var name: DNSName
        var labels: UInt8
        var proof: [ResourceRecord]
    }

    /// The signed server's answer for `name` with DO: the answer's signature labels and the authority's NSEC/NSEC3.
    static func expanded(_ name: String, _ type: RecordType = .txt) async throws -> Expanded {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let qname = try DNSName(name)
        let result = await client.query(DNSQuery(name: qname, type: type, dnssecOK: true), server: signedServer,
                                        policy: QueryPolicy(timeout: .milliseconds(1500), attempts: 2))
        let reply = try #require(result.message, "the signed server did not answer: \(result.error?.description ?? "")")
        let signature = try #require(reply.answer.compactMap { $0.rrsig }.first { $0.typeCovered == type }, "\(name) \(type) is unsigned")
        return Expanded(name: qname, labels: signature.labels, proof: reply.authority.filter { $0.type == .nsec || $0.type == .nsec3 })
    }

    static func failure(_ answer: Expanded) -> String? {
        DNSSECCrypto.wildcardAnswerFailure(of: answer.name, signatureLabels: answer.labels, proof: answer.proof)
    }

    @Test(arguments: ["nope.wildcard.dnssec.test.", "a.b.nope.wildcard.dnssec.test.", "nope.wildcard3.dnssec.test.",
                      "a.b.nope.wildcard3.dnssec.test."])
    func theServersProofPasses(name: String) async throws {
        let answer = try await Self.expanded(name)
        #expect(answer.labels == 3, "an answer from *.<zone> is signed with the zone's three labels")
        #expect(!answer.proof.isEmpty && Self.failure(answer) == nil, "\(Self.failure(answer) ?? "no proof sent")")
    }

    @Test(arguments: ["nope.wildcard.dnssec.test.", "a.b.nope.wildcard3.dnssec.test."])
    func withoutTheProofItFails(name: String) async throws {
        var answer = try await Self.expanded(name)
        answer.proof = []
        #expect(Self.failure(answer) != nil)
    }

    /// The NSEC (or NSEC3) that a NODATA for www sends is owned by www (its hash): it shows www exists, not that
    /// it does not.
    @Test(arguments: ["www.wildcard.dnssec.test.", "www.wildcard3.dnssec.test."])
    func aRecordOwnedByTheNameIsNoProofOfItsAbsence(name: String) async throws {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let www = try DNSName(name)
        let result = await client.query(DNSQuery(name: www, type: .caa, dnssecOK: true), server: Self.signedServer,
                                        policy: QueryPolicy(timeout: .milliseconds(1500), attempts: 2))
        let own = try #require(result.message?.authority.filter { $0.type == .nsec || $0.type == .nsec3 }, "no NODATA for www")
        try #require(own.count == 1, "one record, www's own: \(own)")
        let failure = DNSSECCrypto.wildcardAnswerFailure(of: www, signatureLabels: 3, proof: own)
        #expect(failure?.contains("does not exist") == true, "\(failure ?? "nil")")
    }

    /// A proof that a.b.nope does not exist below the zone's apex says nothing for a wildcard claimed at nope.
    @Test func theProofMustShowTheWildcardsParentAsTheClosestEncloser() async throws {
        var answer = try await Self.expanded("a.b.nope.wildcard.dnssec.test.")
        answer.labels = 4
        #expect(Self.failure(answer)?.contains("closest encloser") == true, "\(Self.failure(answer) ?? "nil")")
    }
}
