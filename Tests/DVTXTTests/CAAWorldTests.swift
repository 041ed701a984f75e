import Testing
import DVDNS
@testable import DVCAA
import DVReport

/// RFC 8659 evaluation against the CAA cases of the DNS world.
@Suite("caa against the DNS world")
struct CAAWorldTests {
    let letsEncrypt = CertificateAuthority(parsing: "letsencrypt")!
    let digiCert = CertificateAuthority(parsing: "digicert")!

    @Test func issueRecordAllowsItsCA() async throws {
        let report = try await TXTWorld.caa().check(dns("caa-allow.example.test"), ca: letsEncrypt)
        #expect(report.decision == .allowed)
        #expect(report.foundAt == "caa-allow.example.test.")
        #expect(report.matchingRecord == "0 issue \"letsencrypt.org\"")
        let other = try await TXTWorld.caa().check(dns("caa-allow.example.test"), ca: digiCert)
        #expect(other.decision == .blocked)
        #expect(other.reason.contains("Add: caa-allow.example.test. CAA 0 issue \"digicert.com\""))
    }

    /// RFC 8659 tags are case-insensitive: compared in lower case, shown as served (NSD cannot serve `ISSUE`).
    @Test func aServedTagKeepsItsCaseInTheEvidence() {
        let record = CAAChecker.ServedCAA(flags: 0, servedTag: "ISSUE", value: "x")
        #expect(record.text == "0 ISSUE \"x\"")
        #expect(record.tag == "issue")
    }

    @Test func aThousandRecordSetIsSummarised() {
        let records = (0..<1000).map { "0 issue \"ca\($0).example\"" }
        let summary = CAAReport.summary(of: records)
        #expect(summary.count < 400, "\(summary.count) characters")
        #expect(summary.hasPrefix("0 issue \"ca0.example\"; 0 issue \"ca1.example\""))
        #expect(summary.hasSuffix("… and 992 more (1000 records)"))
        #expect(CAAReport.summary(of: Array(records.prefix(3))) == records.prefix(3).joined(separator: "; "))
    }

    @Test func semicolonBlocksEveryone() async throws {
        let report = try await TXTWorld.caa().check(dns("caa-deny.example.test"), ca: letsEncrypt)
        #expect(report.decision == .blocked)
    }

    @Test func issuewildAppliesOnlyToWildcards() async throws {
        let checker = try await TXTWorld.caa()
        #expect(await checker.check(dns("*.caa-wild.example.test"), ca: letsEncrypt).decision == .allowed)
        #expect(await checker.check(dns("caa-wild.example.test"), ca: letsEncrypt).decision == .blocked)
        #expect(await checker.check(dns("caa-wild.example.test"), ca: digiCert).decision == .allowed)
        #expect(await checker.check(dns("*.caa-wild.example.test"), ca: digiCert).decision == .blocked)
    }

    @Test func wildcardFallsBackToIssueWithoutIssuewild() async throws {
        let report = try await TXTWorld.caa().check(dns("*.caa-allow.example.test"), ca: letsEncrypt)
        #expect(report.decision == .allowed)
        #expect(report.wildcard)
    }

    @Test func criticalUnknownTagBlocks() async throws {
        let report = try await TXTWorld.caa().check(dns("caa-critical.example.test"), ca: letsEncrypt)
        #expect(report.decision == .blocked)
        #expect(report.reason.contains("tbs"))
    }

    @Test func accountURIMustMatch() async throws {
        let checker = try await TXTWorld.caa()
        let account = "https://acme-v02.api.letsencrypt.org/acme/acct/1"
        #expect(await checker.check(dns("caa-account.example.test"), ca: letsEncrypt, accountURI: account).decision == .allowed)
        let other = await checker.check(dns("caa-account.example.test"), ca: letsEncrypt, accountURI: account + "2")
        #expect(other.decision == .blocked)
        #expect(other.reason.contains("allows only the ACME account"))
        #expect(await checker.check(dns("caa-account.example.test"), ca: letsEncrypt).decision == .blocked)
    }

    @Test func setFoundAtAParentAfterClimbing() async throws {
        let report = try await TXTWorld.caa().check(dns("sub.caa-parent.example.test"), ca: letsEncrypt)
        #expect(report.decision == .allowed)
        #expect(report.foundAt == "example.test.")
        #expect(report.steps.map(\.name) == ["sub.caa-parent.example.test.", "caa-parent.example.test.", "example.test."])
    }

    @Test func noCAAAnywhereAllowsEveryone() async throws {
        let report = try await TXTWorld.caa().check(dns("www.other.test"), ca: digiCert)
        #expect(report.decision == .allowed)
        #expect(report.foundAt == nil)
    }

    @Test func servfailWhileLookingUpCAABlocks() async throws {
        let report = try await TXTWorld.caa().check(dns("www.servfail.test"), ca: letsEncrypt)
        #expect(report.decision == .lookupFailed)
        #expect(report.problems.contains { $0.code == .caaLookupFailed })
    }

    @Test func authoritativePathWorksWithoutResolvers() async throws {
        let report = try await TXTWorld.caa(resolvers: []).check(dns("sub.caa-parent.example.test"), ca: letsEncrypt)
        #expect(report.decision == .allowed)
        #expect(report.foundAt == "example.test.")
    }

    @Test(arguments: [("letsencrypt", "letsencrypt.org"), ("Lets-Encrypt", "letsencrypt.org"), ("google", "pki.goog"),
                      ("sectigo", "sectigo.com"), ("ca.example.net", "ca.example.net")])
    func caNamesMapToIssuerDomains(_ name: String, _ domain: String) {
        #expect(CertificateAuthority(parsing: name)?.issuerDomains.contains(domain) == true)
    }

    @Test func unknownCANameIsRejected() {
        #expect(CertificateAuthority(parsing: "nosuchca") == nil)
    }
}
