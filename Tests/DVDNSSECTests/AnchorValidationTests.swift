import Foundation
import Testing
import DVTestSupport
@testable import DVDNSSEC
import DVDNS

/// The world validated from its root's anchor in every file form, whatever TTL the file gives the key; and a
/// published key without the zone-key bit refused by name.
@Suite(.serialized) struct AnchorValidationTests {
    static let root = ServerAddress(parsing: "127.53.0.1")!
    /// nozonebit.dnssec.test's server (ns-children.dnssec.test).
    static let childServer = ServerAddress(parsing: "127.53.5.2")!

    /// The root's KSK as the world commits it: a DNSKEY line without TTL.
    static func rootKSK() throws -> String {
        let text = try String(contentsOf: DNSSECWorld.packageRoot.appendingPathComponent("zones/keys/root-ksk.key"), encoding: .utf8)
        return try #require(text.split(separator: "\n").first.map(String.init))
    }

    static func write(_ text: String, as name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-anchor-\(getpid())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func verdict(of name: String, anchorFile: String) async throws -> DNSSECReport {
        let (validator, client) = try await DNSSECWorld.validator(anchorFile: anchorFile)
        let report = await validator.validate(try DNSName(name), type: .a, at: ValidationMoment.now.secondsSince1970)
        await client.shutdown()
        return report
    }

    @Test func aDNSKEYAnchorMatchesWhateverTTLTheRootServes() async throws {
        let line = try Self.rootKSK()
        let fields = line.split(whereSeparator: \.isWhitespace)
        #expect(fields[1] == "IN" && fields[2] == "DNSKEY", "the committed key has no TTL: \(line)")
        try await TestWorld.prepare()
        let client = try await DNSClient()
        let served = await client.query(DNSQuery(name: .root, type: .dnskey, dnssecOK: true), server: Self.root, policy: DNSSECWorld.policy)
        await client.shutdown()
        let ttl = try #require(served.message?.answer.first { $0.type == .dnskey }?.ttl, "the world's root did not answer")
        // Parsed without a TTL the anchor gets ldns's 3600; the test needs the root to serve something else.
        #expect(ttl != 3600 && ttl != 172_800, "the root serves its DNSKEY with TTL \(ttl)")
        let withoutTTL = try Self.write(line + "\n", as: "no-ttl.key")
        let otherTTL = try Self.write(line.replacingOccurrences(of: ".\tIN\t", with: ".\t172800\tIN\t") + "\n", as: "ttl.key")
        defer { try? FileManager.default.removeItem(atPath: withoutTTL); try? FileManager.default.removeItem(atPath: otherTTL) }
        #expect(try String(contentsOfFile: otherTTL, encoding: .utf8).contains("172800"))
        for file in [withoutTTL, otherTTL] {
            let report = try await Self.verdict(of: "www.good.dnssec.test", anchorFile: file)
            #expect(report.verdict == .secure, "\(file): \(String(describing: report.decidingStep?.failure))")
        }
    }

    @Test func everyFileFormOfTheWorldsAnchorValidates() async throws {
        let ds = try String(contentsOfFile: DNSSECWorld.anchorPath, encoding: .utf8).split(whereSeparator: \.isWhitespace).map(String.init)
        let key = try Self.rootKSK().split(whereSeparator: \.isWhitespace).map(String.init)
        let forms = [
            "unbound": try String(contentsOf: TrustAnchorFileTests.fixtures.appendingPathComponent("unbound-autotrust-world.key"), encoding: .utf8),
            "bind-ds": "trust-anchors {\n\t. initial-ds \(ds[3]) \(ds[4]) \(ds[5]) \"\(ds[6])\";\n};\n",
            "bind-key": "trust-anchors {\n\t. static-key \(key[3]) \(key[4]) \(key[5]) \"\(key[6])\";\n};\n",
            "xml": """
                <?xml version="1.0" encoding="UTF-8"?>
                <TrustAnchor id="world" source="zones/trust-anchor.ds">
                <Zone>.</Zone>
                <KeyDigest id="world" validFrom="2026-01-01T00:00:00+00:00">
                <KeyTag>\(ds[3])</KeyTag>
                <Algorithm>\(ds[4])</Algorithm>
                <DigestType>\(ds[5])</DigestType>
                <Digest>\(ds[6].uppercased())</Digest>
                </KeyDigest>
                </TrustAnchor>
                """,
        ]
        for (form, text) in forms {
            let file = try Self.write(text, as: form)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let report = try await Self.verdict(of: "www.good.dnssec.test", anchorFile: file)
            #expect(report.verdict == .secure, "\(form): \(String(describing: report.decidingStep?.failure))")
        }
    }

    @Test func theOwnersCaseNeverMatters() async throws {
        // An anchor for dnssec.test (its KSK as committed, and that key's DS), written in upper case.
        let key = try String(contentsOf: DNSSECWorld.packageRoot.appendingPathComponent("zones/keys/dnssec-ksk.key"), encoding: .utf8)
        let forms = [
            "key": key.replacingOccurrences(of: "dnssec.test.", with: "DNSSEC.TEST."),
            "ds": "DNSSEC.Test. 86400 IN DS 46410 13 2 defbaedcf49b03934f04e994faadf5c94a5913e579c28aebb878bb2064fb5828\n",
        ]
        for (form, text) in forms {
            #expect(text.contains("DNSSEC.T"))
            let file = try Self.write(text, as: "upper-\(form)")
            defer { try? FileManager.default.removeItem(atPath: file) }
            let report = try await Self.verdict(of: "www.good.dnssec.test", anchorFile: file)
            #expect(report.verdict == .secure, "\(form): \(String(describing: report.decidingStep?.failure))")
            #expect(report.steps.first?.zone == (try DNSName("dnssec.test")), "the chain starts at the anchor's zone")
        }
    }

    @Test func aSignatureByAKeyWithoutTheZoneKeyBitIsEDE11() async throws {
        // nozonebit's DNSKEY set is signed by its ZSK and by a key with flags 1 (no zone-key bit), both published.
        let zone = try DNSName("nozonebit.dnssec.test")
        try await TestWorld.prepare()
        let client = try await DNSClient()
        let exchange = await client.query(DNSQuery(name: zone, type: .dnskey, dnssecOK: true), server: Self.childServer, policy: DNSSECWorld.policy)
        await client.shutdown()
        let answer = try #require(exchange.message?.answer, "nozonebit.dnssec.test's server did not answer")
        let keys = answer.filter { $0.type == .dnskey }
        let noZoneBit = try #require(keys.first { $0.dnskey?.isZoneKey == false })
        let tag = try #require(DNSSECCrypto.keyTag(noZoneBit))
        let byThatKey = answer.filter { $0.rrsig?.keyTag == tag }
        try #require(!byThatKey.isEmpty)
        let check = SignatureCheck(moment: UInt32(truncatingIfNeeded: ValidationMoment.now.secondsSince1970))
        switch check.verify(keys, signatures: byThatKey, keys: keys, zone: zone) {
        case .success: Issue.record("a key without the zone-key bit secured the set")
        case let .failure(failure):
            #expect(failure.error.code == 11, "\(failure)")
            #expect(failure.error.extraText.contains("key \(tag) of \(zone), which has no zone-key bit (flags 1)"), "\(failure)")
            #expect(failure.fix.contains("set flags 256 (ZSK) or 257 (KSK) on key \(tag)"), "\(failure.fix)")
            #expect(!failure.fix.contains("publish that key"))
        }
        // With the ZSK's signature there too, the set is secure: the refused key is only passed over.
        if case let .failure(failure) = check.verify(keys, signatures: answer, keys: keys, zone: zone) {
            Issue.record("the ZSK's signature did not secure the set: \(failure)")
        }
    }
}
