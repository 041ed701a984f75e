import Foundation
import Testing
import DVTestSupport
import DVDNS

/// The fake world's DO answers are NSD's: for every DNSSEC case, each server the validator asks gives the same
/// rcode, AA flag and sections (owners, types, data; for a signature, what it covers and by which key, since
/// ECDSA signatures differ from one signing to the next) in both worlds. Needs both, so only the real run has it.
@Suite(.serialized, TestWorld.realOnly) struct FakeWorldFidelityTests {
    static let cases = ["good", "nsec3", "expired", "notyet", "badsig", "rolled", "algmismatch", "moved", "nsecbroken",
                        "unsupported", "iter200", "unsigned", "lame", "nozonebit", "wildcard", "wildsynth", "wildcard3", "optout"]
    static let root = "127.53.0.1", tld = "127.53.0.2", parent = "127.53.5.1", children = "127.53.5.2"

    static let questions: [(server: String, name: String, type: RecordType)] = [
        (root, ".", .dnskey), (root, "test", .ds), (root, "com", .ds), (root, "nope", .a), (root, "a.b.nope", .a), (root, "root", .ns), (root, "www.dnssec.test", .a),
        (tld, "test", .dnskey), (tld, "dnssec.test", .ds), (tld, "example.test", .ds), (tld, "www.example.test", .a),
        (tld, "nope.test", .txt), (tld, "test", .txt), (tld, "nic.test", .a), (tld, "x.y.nic.test", .a), (tld, "ns.nic.test", .a), (parent, "dnssec.test", .dnskey), (parent, "nope.dnssec.test", .a),
        (parent, "ns.dnssec.test", .txt),
    ] + cases.flatMap { label in
        [(parent, "\(label).dnssec.test", .ds), (parent, "www.\(label).dnssec.test", .a),
         (children, "\(label).dnssec.test", .dnskey), (children, "www.\(label).dnssec.test", .a),
         (children, "nope.\(label).dnssec.test", .a), (children, "www.\(label).dnssec.test", .txt),
         (children, "a.b.\(label).dnssec.test", .caa), (children, "\(label).dnssec.test", .ds)]
    } + ["wildcard", "wildsynth", "wildcard3", "wildsynth3"].flatMap { label in
        // Wildcard answers and their NODATA, and what a zone with one of its denial records cut out sends instead.
        // Not yet asked: nowildcard's NXDOMAIN and DS, and a.b.wildsynth3 CAA, where the record NSD would send is
        // the one cut out (NSD then sends none, or the NSEC3 covering the wildcard's hash; the fake world the
        // chain's last NSEC, or nothing).
        [(children, "a.b.nope.\(label).dnssec.test", .txt), (children, "nope.\(label).dnssec.test", .aaaa),
         (children, "a.b.nope.\(label).dnssec.test", .a)]
    } + [(children, "mail.wildsynth.dnssec.test", .caa), (children, "mail.wildsynth.dnssec.test", .a)]

    @Test func everyAnswerTheValidatorGetsIsNSDs() async throws {
        let world = try await FakeWorld.start(packageRoot: CLI.packageRoot)
        let client = try await DNSClient()
        var differences: [String] = []
        for question in Self.questions {
            let real = ServerAddress(parsing: question.server)!
            let query = DNSQuery(name: try DNSName(question.name), type: question.type, dnssecOK: true)
            let policy = QueryPolicy(timeout: .seconds(2), attempts: 2)
            let nsd = await client.query(query, server: real, policy: policy).message.map(Self.shape)
            let fake = await client.query(query, server: try #require(world.routes[real]), policy: policy).message.map(Self.shape)
            try #require(nsd != nil, "\(question.server) did not answer \(question.name) \(question.type)")
            if nsd != fake {
                differences.append("@\(question.server) \(question.name) \(question.type):\n  NSD  \(nsd ?? [])\n  fake \(fake ?? [])")
            }
        }
        await client.shutdown()
        await world.stop()
        #expect(differences.isEmpty, "\(differences.count) of \(Self.questions.count) answers differ:\n\(differences.joined(separator: "\n"))")
    }

    /// What must agree: the header's rcode and AA, then each section's records in a stable order. Left out: the
    /// zone's own NS set (and its servers' addresses) that NSD adds to a positive answer, with or without DO, and
    /// the fake world does not (nothing validates them).
    static func shape(_ message: DNSMessage) -> [String] {
        let positive = message.authoritative && !message.answer.isEmpty
        let authority = positive ? message.authority.filter { $0.type != .ns && $0.rrsig?.typeCovered != .ns } : message.authority
        func describe(_ record: ResourceRecord) -> String {
            let data = record.rrsig.map { "\($0.typeCovered) \($0.algorithm) \($0.labels) \($0.originalTTL) \($0.keyTag) \($0.signer)" }
                ?? "\(record.data)"
            return "\(record.name.description.lowercased()) \(record.ttl) \(record.type) \(data)"
        }
        let sections = [("answer", message.answer), ("authority", authority), ("additional", positive ? [] : message.additional)]
        return ["\(message.rcode) aa=\(message.authoritative)"] + sections.flatMap { name, records in
            records.filter { $0.type != .opt }.map { "\(name): \(describe($0))" }.sorted()
        }
    }
}
