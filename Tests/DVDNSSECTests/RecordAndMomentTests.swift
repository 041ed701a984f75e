import Foundation
import Testing
import DVDNS
import DVDNSSEC

@Suite struct RecordAndMomentTests {
    static let signature = "www.good.dnssec.test. 300 IN RRSIG A 13 4 300 20360101000000 20260101000000 17827 good.dnssec.test. "
        + "/96H9aIztBNP4tnDSaN6aMwd0/ZFAjlU/aUumaPnbv+DcHuVLJ5LYlCXSV/RDOn8/ZQFlG8+zDXx2NF+aBY0VQ=="

    @Test func rrsigFieldsComeFromTheWireForm() throws {
        let record = try #require(DNSSECCrypto.parseRecords(Self.signature).first)
        let fields = try #require(record.rrsig)
        #expect(fields.typeCovered == .a)
        #expect(fields.algorithm == 13)
        #expect(fields.labels == 4)
        #expect(fields.keyTag == 17827)
        #expect(fields.signer == (try DNSName("good.dnssec.test")))
        #expect(ValidationMoment(secondsSince1970: Int64(fields.expiration)).description == "2036-01-01 00:00:00 UTC")
        #expect(ValidationMoment(secondsSince1970: Int64(fields.inception)).description == "2026-01-01 00:00:00 UTC")
    }

    @Test func signatureWindowsUseSerialArithmetic() throws {
        let fields = try #require(DNSSECCrypto.parseRecords(Self.signature).first?.rrsig)
        let at = { (text: String) in UInt32(truncatingIfNeeded: ValidationMoment(parsing: text)!.secondsSince1970) }
        #expect(fields.window(at: at("2026-06-01")) == .current)
        #expect(fields.window(at: at("2025-12-31T23:59:59Z")) == .notYetValid)
        #expect(fields.window(at: at("2036-01-01T00:00:01Z")) == .expired)
        // A signature across 2038 and 2106: RFC 1982 comparisons, not plain integer ones (libldns gets these wrong).
        let late = try #require(DNSSECCrypto.parseRecords(
            Self.signature.replacingOccurrences(of: "20360101000000 20260101000000", with: "21070101000000 20370101000000")).first?.rrsig)
        #expect(late.window(at: at("2060-01-01")) == .current)
        #expect(late.window(at: at("2036-06-01")) == .notYetValid)
    }

    @Test func keyTagsAndDSMatchAsLibldnsComputesThem() throws {
        let key = try #require(DNSSECCrypto.parseRecords(". IN DNSKEY 257 3 13 Y4ma/tXHcM9lPuC3BBfGys9KDp7g9oFBPpHd01/HnwdJX/gG9Djt2X1/rQrNmUrc8G5rV61npL/bskuZHI4HYA==").first)
        let ds = try #require(DNSSECCrypto.parseRecords(". IN DS 5372 13 2 07a7f88bf44c3302df520af1f1174be7a8071a2e71fefee6b77d9cae073a6140").first)
        let otherDigest = try #require(DNSSECCrypto.parseRecords(". IN DS 5372 13 2 17a7f88bf44c3302df520af1f1174be7a8071a2e71fefee6b77d9cae073a6140").first)
        #expect(DNSSECCrypto.keyTag(key) == 5372)
        #expect(key.dnskey?.isSecureEntryPoint == true && key.dnskey?.isZoneKey == true)
        #expect(DNSSECCrypto.digestMatches(ds, key: key))
        #expect(!DNSSECCrypto.digestMatches(otherDigest, key: key))
    }

    @Test(arguments: [("2026-12-07", "2026-12-07 00:00:00 UTC"), ("2026-12-07T12:30:05Z", "2026-12-07 12:30:05 UTC"),
                      ("2024-02-29 01:02", "2024-02-29 01:02:00 UTC"), ("+7d", "2026-12-08 00:00:00 UTC"),
                      ("-12h", "2026-11-30 12:00:00 UTC"), ("@0", "1970-01-01 00:00:00 UTC"), ("now", "2026-12-01 00:00:00 UTC")])
    func momentsParse(_ input: String, _ expected: String) throws {
        let now = ValidationMoment(parsing: "2026-12-01")!
        #expect(try #require(ValidationMoment(parsing: input, now: now)).description == expected)
    }

    @Test(arguments: ["", "tomorrow", "2026-13-01", "2026-12-07T25:00Z", "+7w", "+d", "2026-12", "+9999999999999999d", "99999999999999-01-01", "1969-12-31"])
    func badMomentsAreRefused(_ input: String) {
        #expect(ValidationMoment(parsing: input) == nil)
    }

    @Test func trustAnchorFilesAreCheckedWithOneLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-anchor-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.key").path
        #expect(throws: TrustAnchorError.self) { try TrustAnchor(file: missing) }
        let garbage = directory.appendingPathComponent("garbage.key")
        try "this is not a record\n".write(to: garbage, atomically: true, encoding: .utf8)
        do {
            _ = try TrustAnchor(file: garbage.path)
            Issue.record("a malformed anchor was accepted")
        } catch {
            #expect(error.description.contains("garbage.key") && error.description.contains("line 1"))
        }
        let noKeys = directory.appendingPathComponent("a.key")
        try "example. 300 IN A 192.0.2.1\n".write(to: noKeys, atomically: true, encoding: .utf8)
        #expect(throws: TrustAnchorError.self) { try TrustAnchor(file: noKeys.path) }
        let anchor = try TrustAnchor(file: DNSSECWorld.anchorPath)
        #expect(anchor.zone == .root && anchor.records.count == 1 && anchor.records[0].type == .ds)
    }
}
