import Foundation
import Testing
@testable import DVTestSupport
import DVDNS

/// The fake world's DO answers for what the world's signed zones do not hold (a wildcard, an empty non-terminal),
/// NSEC and NSEC3 alike: libldns, which dvtool's validator asks, accepts each denial proof, and the fake world's
/// own signatures verify. The zone is signed as the world is, by sign-world.sh's `sign_zone` with good's keys.
@Suite struct FakeDenialTests {
    static let origin = "good.dnssec.test."
    static let zone = """
        $ORIGIN good.dnssec.test.
        @        300 IN SOA ns-children.dnssec.test. hostmaster.dnssec.test. 1 1800 900 604800 300
        @        300 IN NS  ns-children.dnssec.test.
        www      300 IN A   192.0.2.11
        *.wild   300 IN A   192.0.2.60
        sub.ent  300 IN TXT "below an empty non-terminal"
        """

    /// ldns-signzone's options: NSEC, and NSEC3 without extra iterations or salt.
    static let signings = ["", "-n -t 0"]

    static func authority(signedWith options: String) throws -> FakeAuthority {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-fake-denial-\(getpid())-\(UUID().uuidString).zone")
        defer { try? FileManager.default.removeItem(at: file) }
        try zone.write(to: file, atomically: true, encoding: .utf8)
        try SignedZones.signZone(file, origin: origin, keys: ["good-ksk", "good-zsk"], options: options, packageRoot: CLI.packageRoot)
        return FakeAuthority(zones: [FakeZone(apex: try DNSName(origin), records: try ZoneFile.records(path: file.path))])
    }

    static func ask(_ authority: FakeAuthority, _ label: String, _ type: RecordType) throws -> WireAnswer {
        authority.answer(try DNSName(label + "." + origin), type, dnssecOK: true)
    }

    /// Every record of `section` but the signatures carries a signature by the zone's key that verifies.
    static func expectSigned(_ section: [ResourceRecord], by authority: FakeAuthority, _ what: String) {
        let keys = authority.zones[0].records[authority.zones[0].apex]?.filter { $0.type == .dnskey } ?? []
        for record in section where record.type != .rrsig {
            let signature = section.first { $0.type == .rrsig && $0.name == record.name && $0.rrsig?.typeCovered == record.type }
            let key = keys.first { DNSSECCrypto.keyTag($0) == signature?.rrsig?.keyTag }
            let set = section.filter { $0.name == record.name && $0.type == record.type }
            guard let signature, let key else { Issue.record("\(what): \(record.name) \(record.type) is not signed"); continue }
            #expect(DNSSECCrypto.verify(set, signature: signature, key: key) == .valid, "\(what): \(record.name) \(record.type)")
        }
    }

    @Test(arguments: signings) func everyNegativeAnswerIsProven(_ options: String) throws {
        let authority = try Self.authority(signedWith: options)
        let negatives: [(String, RecordType, ResponseCode)] = [
            ("nope", .a, .nxDomain), ("a.b.nope", .a, .nxDomain), ("nope.www", .txt, .nxDomain), ("www", .txt, .noError),
            ("ent", .a, .noError), ("x.wild", .txt, .noError), ("y.x.wild", .txt, .noError), ("good.dnssec.test.", .ds, .noError),
        ]
        for (label, type, rcode) in negatives {
            let name = label.hasSuffix(".") ? try DNSName(label) : try DNSName(label + "." + Self.origin)
            let answer = authority.answer(name, type, dnssecOK: true)
            let what = "\(options.isEmpty ? "NSEC" : "NSEC3") \(name) \(type)"
            #expect(answer.rcode == rcode && answer.answer.isEmpty, "\(what): \(answer.rcode)")
            let proof = answer.authority.filter { $0.type == .nsec || $0.type == .nsec3 }
            let signatures = answer.authority.filter { $0.type == .rrsig }
            #expect(DNSSECCrypto.denialFailure(of: name, type: type, proof: proof, signatures: signatures, rcode: rcode) == nil, "\(what)")
            Self.expectSigned(answer.authority, by: authority, what)
            // The check can fail: without the proof's first record (the one about the name or its closest encloser)
            // libldns refuses the rest.
            if proof.count > 1 {
                #expect(DNSSECCrypto.denialFailure(of: name, type: type, proof: Array(proof.dropFirst()), signatures: signatures, rcode: rcode) != nil,
                        "\(what) \(proof)")
            }
        }
    }

    @Test(arguments: signings) func aWildcardAnswerIsSignedAndProvesNoCloserName(_ options: String) throws {
        let authority = try Self.authority(signedWith: options)
        let name = try DNSName("x.wild." + Self.origin)
        let answer = authority.answer(name, .a, dnssecOK: true)
        #expect(answer.answer.contains { $0.name == name && $0.type == .a && $0.address == IPAddress("192.0.2.60") })
        #expect(answer.answer.first { $0.type == .rrsig }?.rrsig?.labels == 4, "the wildcard's signature (4 labels, the name has 5)")
        Self.expectSigned(answer.answer, by: authority, "\(name) A")
        Self.expectSigned(answer.authority, by: authority, "\(name) A's proof")
        let proof = answer.authority.filter { $0.type == .nsec || $0.type == .nsec3 }
        try #require(proof.count == 1, "\(proof)")
        guard case let .other(text) = proof[0].data else { Issue.record("\(proof[0].data)"); return }
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if proof[0].type == .nsec {
            // The NSEC spans the name: owner < x.wild < next.
            let next = try DNSName(fields[0])
            #expect(proof[0].name.canonicallyPrecedes(name) && name.canonicallyPrecedes(next), "\(proof[0])")
        } else {
            // The NSEC3 spans the hash of the next closer name (x.wild itself: its closest encloser is wild).
            let hash = try #require(DNSSECCrypto.nsec3Label(of: name, iterations: 0, salt: []))
            let owner = try #require(proof[0].name.labels.first?.lowercased())
            #expect(owner < hash && hash < fields[4].lowercased(), "\(owner) < \(hash) < \(fields[4])")
        }
    }
}
