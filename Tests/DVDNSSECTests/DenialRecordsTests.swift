import Testing
import DVDNS
import DVTestSupport

/// Every record of the signed server's NXDOMAIN proof is needed: with any one left out, a validator cannot prove
/// the name, the closest encloser or the wildcard absent and answers SERVFAIL, so dvtool must call the proof broken.
/// NSEC (good: the name's span, the wildcard's) and NSEC3 (nsec3: the encloser's match, the next closer's and the
/// wildcard's spans), at one and three labels below the apex.
@Suite(.serialized) struct DenialRecordsTests {
    @Test(arguments: ["nope.good.dnssec.test.", "a.b.nope.good.dnssec.test.", "nope.nsec3.dnssec.test.", "a.b.nope.nsec3.dnssec.test."])
    func eachRecordOfTheProofIsNeeded(name: String) async throws {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let qname = try DNSName(name)
        let result = await client.query(DNSQuery(name: qname, type: .a, dnssecOK: true), server: ServerAddress(parsing: "127.53.5.2")!,
                                        policy: QueryPolicy(timeout: .milliseconds(1500), attempts: 2))
        let reply = try #require(result.message, "the signed server did not answer: \(result.error?.description ?? "")")
        try #require(reply.rcode == .nxDomain)
        let proof = reply.authority.filter { $0.type == .nsec || $0.type == .nsec3 }
        let signatures = reply.authority.filter { $0.type == .rrsig }
        try #require(proof.count >= 2)
        #expect(DNSSECCrypto.denialFailure(of: qname, type: .a, proof: proof, signatures: signatures, rcode: .nxDomain) == nil)
        for left in proof {
            let rest = proof.filter { $0 != left }
            #expect(DNSSECCrypto.denialFailure(of: qname, type: .a, proof: rest, signatures: signatures, rcode: .nxDomain) != nil,
                    "the proof for \(name) passed without \(left.name) \(left.type)")
        }
    }
}
