import Foundation
import Testing
@testable import DVDNSSEC
import DVDNS

/// Every anchor file form users have, read into the same anchors; and anchors that must not be used, refused
/// with one line. Fixtures/ holds Debian's root.key verbatim, a file Unbound 1.17 wrote for the world's root,
/// and the bind.keys and root-anchors.xml layouts.
@Suite struct TrustAnchorFileTests {
    static let fixtures = DNSSECWorld.packageRoot.appendingPathComponent("Tests/DVDNSSECTests/Fixtures")
    static let rootKeyTags: Set<UInt16> = [20326, 38696]

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Writes `text` to a file of its own and reads it as an anchor.
    static func anchor(_ text: String, at moment: ValidationMoment = .now) throws -> TrustAnchor {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-anchor-\(getpid())-\(UUID().uuidString).key").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try TrustAnchor(file: path, at: moment)
    }

    static func keyTags(_ anchor: TrustAnchor) -> Set<UInt16> {
        Set(anchor.records.compactMap { $0.ds?.keyTag ?? DNSSECCrypto.keyTag($0) })
    }

    static func refusal(_ text: String, at moment: ValidationMoment = .now) -> String {
        do {
            _ = try anchor(text, at: moment)
            return "accepted"
        } catch let error as TrustAnchorError {
            return error.description
        } catch {
            return "not written: \(error)"
        }
    }

    @Test func debiansRootKeyIsTheTwoRootKSKs() throws {
        let anchor = try TrustAnchor(file: Self.fixture("debian-root.key"))
        #expect(anchor.zone == .root)
        #expect(anchor.records.allSatisfy { $0.type == .dnskey && $0.dnskey?.flags == 257 && $0.dnskey?.algorithm == 8 })
        #expect(Self.keyTags(anchor) == Self.rootKeyTags)
    }

    @Test func theDefaultAnchorPathParses() throws {
        // dns-root-data is what README tells users to install; the default must read as the root's KSKs.
        let anchor = try TrustAnchor(file: TrustAnchor.systemFile)
        #expect(anchor.zone == .root)
        #expect(Self.keyTags(anchor).isSuperset(of: [20326]), "\(Self.keyTags(anchor))")
    }

    @Test func aKeyMatchesWhateverItsTTLAndOwnerCase() throws {
        // Debian's file has no TTL; the real root serves the same key with TTL 172800. The wire forms differ.
        let anchored = try #require(try TrustAnchor(file: Self.fixture("debian-root.key")).records.first)
        let text = try String(contentsOfFile: Self.fixture("debian-root.key"), encoding: .utf8)
        let key = try #require(text.split(separator: "\n").first?.split(separator: " ").dropFirst(6).first)
        let served = try DNSSECCrypto.parseRecord(". 172800 IN DNSKEY 257 3 8 \(key)")
        #expect(anchored.wire != served.wire)
        #expect(AnchoredKey(anchored) == AnchoredKey(served))
        // The REVOKE bit aside, any other difference is another key.
        let revoked = try DNSSECCrypto.parseRecord(". 172800 IN DNSKEY 385 3 8 \(key)")
        #expect(AnchoredKey(revoked) == AnchoredKey(served))
        let zsk = try DNSSECCrypto.parseRecord(". 172800 IN DNSKEY 256 3 8 \(key)")
        #expect(AnchoredKey(zsk) != AnchoredKey(served))
        let upper = try DNSSECCrypto.parseRecord("DNSSEC.TEST. IN DNSKEY 257 3 13 rdOYG6911JmMDmf1Kxlr/NAsoP7XhaxXLRhGqMPsMCNjhNFLmP6vrxmyl5T/+g1RFaJyILOmK2B6gm9pBZ9s5Q==")
        let lower = try DNSSECCrypto.parseRecord("dnssec.test. 3600 IN DNSKEY 257 3 13 rdOYG6911JmMDmf1Kxlr/NAsoP7XhaxXLRhGqMPsMCNjhNFLmP6vrxmyl5T/+g1RFaJyILOmK2B6gm9pBZ9s5Q==")
        #expect(upper.name == lower.name && AnchoredKey(upper) == AnchoredKey(lower))
    }

    @Test func zoneFileFormsWithAndWithoutTTLAndClass() throws {
        let key = "Y4ma/tXHcM9lPuC3BBfGys9KDp7g9oFBPpHd01/HnwdJX/gG9Djt2X1/rQrNmUrc8G5rV61npL/bskuZHI4HYA=="
        let digest = "07a7f88bf44c3302df520af1f1174be7a8071a2e71fefee6b77d9cae073a6140"
        for text in [". IN DNSKEY 257 3 13 \(key)", ". 172800 IN DNSKEY 257 3 13 \(key)", ". DNSKEY 257 3 13 \(key)",
                     ". 86400 DNSKEY 257 3 13 \(key)", "$TTL 3600\n. IN DNSKEY 257 3 13 \(key) ; keytag 5372",
                     ". 300 IN DNSKEY 257 3 13 (\n\t\t\tY4ma/tXHcM9lPuC3BBfGys9KDp7g9oFBPpHd01/HnwdJX/gG9Djt2X1/\n\t\t\trQrNmUrc8G5rV61npL/bskuZHI4HYA==\n\t\t\t) ; KSK; alg = ECDSAP256SHA256 ; key id = 5372",
                     ". IN DNSKEY 257 3 13 \(key)\r\n",
                     ". IN DS 5372 13 2 \(digest)", ". 86400 IN DS 5372 13 2 \(digest.uppercased())", ". DS 5372 13 2 \(digest)"] {
            let anchor = try Self.anchor(text)
            #expect(anchor.zone == .root && anchor.records.count == 1, "\(text)")
            #expect(Self.keyTags(anchor) == [5372], "\(text)")
        }
        let child = try Self.anchor("DNSSEC.Test. IN DS 46410 13 2 \(digest)")
        #expect(child.zone == (try DNSName("dnssec.test")))
    }

    @Test func unboundsAutotrustFileAsUnboundWroteIt() throws {
        // Written by Unbound 1.17.1 (auto-trust-anchor-file) after probing the world's root.
        let anchor = try TrustAnchor(file: Self.fixture("unbound-autotrust-world.key"))
        #expect(anchor.zone == .root)
        #expect(Self.keyTags(anchor) == [5372])
    }

    @Test func unboundsStatesDecideWhichKeysAreTrusted() throws {
        // During a roll the new key waits in ADDPEND: Unbound does not trust it yet, nor does dvtool.
        let rolling = try TrustAnchor(file: Self.fixture("unbound-autotrust-roll.key"))
        #expect(Self.keyTags(rolling) == [20326])
        let revoked = Self.refusal(try String(contentsOfFile: Self.fixture("unbound-autotrust-revoked.key"), encoding: .utf8))
        #expect(revoked.contains("holds no anchor that may be used") && revoked.contains("key 20454 of . is in Unbound's state REVOKED"), "\(revoked)")
        let missing = try String(contentsOfFile: Self.fixture("unbound-autotrust-roll.key"), encoding: .utf8)
            .replacingOccurrences(of: ";;state=1 [ ADDPEND ]", with: ";;state=3 [ MISSING ]")
        #expect(Self.keyTags(try Self.anchor(missing)) == Self.rootKeyTags)
        let withdrawn = ";;REVOKED\n;;id: . 1\n" + missing
        #expect(Self.refusal(withdrawn).contains("Unbound marked revoked (;;REVOKED)"))
    }

    @Test func bindsTrustAnchorsClause() throws {
        let anchor = try TrustAnchor(file: Self.fixture("bind-trust-anchors.conf"))
        #expect(anchor.zone == .root)
        #expect(anchor.records.map(\.type) == [.dnskey, .ds])
        #expect(Self.keyTags(anchor) == Self.rootKeyTags)
        // The key split over lines in its string is the same key Debian ships.
        let debian = try TrustAnchor(file: Self.fixture("debian-root.key"))
        #expect(AnchoredKey(anchor.records[0]) == AnchoredKey(debian.records[0]))
        #expect(DNSSECCrypto.digestMatches(anchor.records[1], key: debian.records[1]))
    }

    @Test func bindsOtherClausesAndKinds() throws {
        let key = "Y4ma/tXHcM9lPuC3BBfGys9KDp7g9oFBPpHd01/HnwdJX/gG9Djt2X1/rQrNmUrc8G5rV61npL/bskuZHI4HYA=="
        let digest = "07A7F88BF44C3302DF520AF1F1174BE7A8071A2E71FEFEE6B77D9CAE073A6140"
        for text in ["managed-keys { \".\" initial-key 257 3 13 \"\(key)\"; };",
                     "managed-keys {\n  . initial-ds 5372 13 2 \"\(digest)\";\n};",
                     "trust-anchors { . static-key 257 3 13 \"\(key)\"; };",
                     "trust-anchors { . static-ds 5372 13 2 \(digest); };",
                     "trusted-keys { \".\" 257 3 13 \"\(key)\"; };",
                     "options {\n  directory \"/var/cache/bind\";\n  dnssec-validation yes;\n};\ntrust-anchors {\n  . static-ds 5372 13 2 \"\(digest)\";\n};\nzone \"example\" { type primary; file \"x\"; };"] {
            let anchor = try Self.anchor(text)
            #expect(anchor.zone == .root && Self.keyTags(anchor) == [5372], "\(text)")
        }
        let wrongKind = Self.refusal("trust-anchors {\n  . initial-key 257 3 13 \"\(key)\";\n  . dynamic-key 257 3 13 \"\(key)\";\n};")
        #expect(wrongKind.contains("read as a BIND trust-anchors clause") && wrongKind.contains("at line 3")
                && wrongKind.contains("dynamic-key"), "\(wrongKind)")
        #expect(Self.refusal("trust-anchors { . initial-ds 5372 13 2 \"\(digest)\";").contains("never closed"))
    }

    @Test func ianasRootAnchorsXMLHonoursValidity() throws {
        let path = Self.fixture("root-anchors.xml")
        func tags(at moment: String) throws -> Set<UInt16> {
            Self.keyTags(try TrustAnchor(file: path, at: #require(ValidationMoment(parsing: moment))))
        }
        #expect(try tags(at: "2012-01-01") == [19036])
        #expect(try tags(at: "2018-01-01") == [19036, 20326])
        #expect(try tags(at: "2020-01-01") == [20326])
        #expect(try tags(at: "2024-07-17T23:59:59Z") == [20326])
        #expect(try tags(at: "2026-12-07") == Self.rootKeyTags)
        let anchor = try TrustAnchor(file: path)
        #expect(anchor.zone == .root && anchor.records.allSatisfy { $0.type == .ds && $0.ds?.digestType == 2 })
        // The digests are those of the keys Debian ships.
        let debian = try TrustAnchor(file: Self.fixture("debian-root.key"))
        #expect(debian.records.allSatisfy { key in anchor.records.contains { DNSSECCrypto.digestMatches($0, key: key) } })
        // Before any key was valid, nothing may be used, and the line says why.
        let early = Self.refusal(try String(contentsOfFile: path, encoding: .utf8), at: ValidationMoment(parsing: "2009-01-01")!)
        #expect(early.contains("DS 19036 of . is not valid before 2010-07-15 00:00:00 UTC (validFrom)"), "\(early)")
    }

    @Test func anExpiredIANADigestIsRefused() {
        let expired = """
            <?xml version="1.0" encoding="UTF-8"?>
            <TrustAnchor id="x" source="http://data.iana.org/root-anchors/root-anchors.xml">
            <Zone>.</Zone>
            <!-- KSK-2010, withdrawn in 2019 -->
            <KeyDigest id="Kjqmt7v" validFrom="2010-07-15T02:00:00+02:00" validUntil="2019-01-11T00:00:00Z">
            <KeyTag>19036</KeyTag><Algorithm>8</Algorithm><DigestType>2</DigestType>
            <Digest>49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5</Digest>
            </KeyDigest>
            </TrustAnchor>
            """
        let line = Self.refusal(expired)
        #expect(line.contains("holds no anchor that may be used: DS 19036 of . expired on 2019-01-11 00:00:00 UTC (validUntil)"), "\(line)")
        #expect(!line.contains("\n"))
        #expect(IANAAnchors.dateTime("2010-07-15T02:00:00+02:00")?.description == "2010-07-15 00:00:00 UTC")
        #expect(IANAAnchors.dateTime("2010-07-15T00:00:00.5-01:30")?.description == "2010-07-15 01:30:00 UTC")
        #expect(IANAAnchors.dateTime("yesterday") == nil)
        let noDigest = Self.refusal("<TrustAnchor><Zone>.</Zone>\n<KeyDigest validFrom=\"2010-07-15T00:00:00Z\"><KeyTag>1</KeyTag></KeyDigest></TrustAnchor>")
        #expect(noDigest.contains("read as IANA root-anchors XML") && noDigest.contains("at line 2") && noDigest.contains("no <Algorithm>"), "\(noDigest)")
    }

    @Test func aRevokedKeyIsNeverAnAnchor() throws {
        let key = "Y4ma/tXHcM9lPuC3BBfGys9KDp7g9oFBPpHd01/HnwdJX/gG9Djt2X1/rQrNmUrc8G5rV61npL/bskuZHI4HYA=="
        let line = Self.refusal(". IN DNSKEY 385 3 13 \(key)")
        #expect(line.contains("holds no anchor that may be used: key 5500 of . has the REVOKE bit set (flags 385)"), "\(line)")
        // Next to a key in force, a revoked one is only left out.
        let anchor = try Self.anchor(". IN DNSKEY 385 3 13 \(key)\n. IN DNSKEY 257 3 13 \(key)")
        #expect(anchor.records.map { $0.dnskey?.flags } == [257])
    }

    @Test func malformedFilesSayWhereAndWhatIsRead() {
        #expect(Self.refusal("$ORIGIN example.\n@ IN DS 1 8 2 00").contains("the directive $ORIGIN is not supported"))
        #expect(Self.refusal(". IN DNSKEY 257 3 13 (\n abc").contains("at line 1: the \"(\" opened here is never closed"))
        let bad = Self.refusal("; comment\n. IN DNSKEY 257 3 13 !!!")
        #expect(bad.contains("read as zone-file records") && bad.contains("at line 2") && bad.contains("IANA's root-anchors.xml"), "\(bad)")
        #expect(Self.refusal("example. 300 IN A 192.0.2.1").contains("no DS or DNSKEY record in it"))
        #expect(Self.refusal(". IN DS 5372 13 2 07a7\nexample. IN DS 5372 13 2 07a7").contains("more than one zone"))
    }
}
