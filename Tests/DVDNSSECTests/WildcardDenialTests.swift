import Testing
import DVDNS
import DVTestSupport

/// An NSEC proof of NXDOMAIN must also deny the wildcard at the closest encloser (RFC 4035 §5.4), however deep the
/// name sits below it: validators call the answer bogus otherwise (SERVFAIL), and a CA's lookup fails. Answers come
/// from good.dnssec.test (apex, _acme-challenge, web, www): `*.good…` falls under the apex's NSEC, names after
/// `www` under www's; leaving the apex's NSEC out leaves the wildcard unproven.
@Suite(.serialized) struct WildcardDenialTests {
    static let signedServer = ServerAddress(parsing: "127.53.5.2")!

    /// The signed server's NXDOMAIN answer for `name` with DO; `withoutApexNSEC` drops the NSEC that denies `*.good…`.
    static func denialFailure(for name: String, withoutApexNSEC: Bool) async throws -> String? {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let qname = try DNSName(name)
        let result = await client.query(DNSQuery(name: qname, type: .a, dnssecOK: true), server: signedServer,
                                        policy: QueryPolicy(timeout: .milliseconds(1500), attempts: 2))
        let reply = try #require(result.message, "the signed server did not answer: \(result.error?.description ?? "")")
        try #require(reply.rcode == .nxDomain, "\(name) should not exist in good.dnssec.test")
        let apex = try DNSName("good.dnssec.test.")
        let nsecs = reply.authority.filter { $0.type == .nsec && !(withoutApexNSEC && $0.name == apex) }
        try #require(nsecs.count == (withoutApexNSEC ? 1 : 2), "expected the name's NSEC and the wildcard's (the apex's)")
        return DNSSECCrypto.denialFailure(of: qname, type: .a, proof: nsecs,
                                          signatures: reply.authority.filter { $0.type == .rrsig }, rcode: reply.rcode)
    }

    @Test(arguments: ["zzz.good.dnssec.test.", "a.zzz.good.dnssec.test.", "a.b.zzz.good.dnssec.test."])
    func theWholeProofPasses(name: String) async throws {
        #expect(try await Self.denialFailure(for: name, withoutApexNSEC: false) == nil)
    }

    @Test(arguments: ["zzz.good.dnssec.test.", "a.zzz.good.dnssec.test.", "a.b.zzz.good.dnssec.test."])
    func withoutTheWildcardsNSECItFailsAtAnyDepth(name: String) async throws {
        let failure = try await Self.denialFailure(for: name, withoutApexNSEC: true)
        #expect(failure != nil, "an NXDOMAIN for \(name) whose proof leaves *.good.dnssec.test. open was accepted")
    }

    /// www's own NSEC (from its TXT NODATA) with the apex's, which denies the wildcard: libldns passes them as an
    /// NXDOMAIN proof for www TXT, though they show www exists.
    @Test func anNXDOMAINCannotRestOnTheNamesOwnNSEC() async throws {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let www = try DNSName("www.good.dnssec.test.")
        let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)
        let nodata = await client.query(DNSQuery(name: www, type: .txt, dnssecOK: true), server: Self.signedServer, policy: policy)
        let nxdomain = await client.query(DNSQuery(name: try DNSName("zzz.good.dnssec.test."), type: .a, dnssecOK: true),
                                          server: Self.signedServer, policy: policy)
        let own = try #require(nodata.message?.authority.filter { $0.type == .nsec && $0.name == www })
        let apexName = try DNSName("good.dnssec.test.")
        let apex = try #require(nxdomain.message?.authority.filter { $0.type == .nsec && $0.name == apexName })
        try #require(own.count == 1 && apex.count == 1)
        let signatures = ((nodata.message?.authority ?? []) + (nxdomain.message?.authority ?? [])).filter { $0.type == .rrsig }
        let failure = DNSSECCrypto.denialFailure(of: www, type: .txt, proof: own + apex, signatures: signatures, rcode: .nxDomain)
        #expect(failure?.contains("shows that it exists") == true, "\(failure ?? "nil")")
    }

    @Test func theReasonNamesTheUnprovenWildcard() async throws {
        let failure = try await Self.denialFailure(for: "a.b.zzz.good.dnssec.test.", withoutApexNSEC: true)
        #expect(failure?.contains("*.good.dnssec.test.") == true, "\(failure ?? "nil")")
    }
}
