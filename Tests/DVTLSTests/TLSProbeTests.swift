import DVReport
import DVTLS
import DVTestSupport
import Foundation
import Testing

/// `cert probe` against the nginx cases (scripts/tls-servers up).
@Suite(.serialized, TestWorld.realOnly("The nginx TLS servers of scripts/tls-servers")) struct TLSProbeTests {
    typealias Server = TestEnvironment.Server

    init() { TestEnvironment.requireServers() }

    /// `now` is fixed from the served leaf's file (`moment` of `certificate`), never the wall clock.
    func probe(_ ip: String, _ name: String?, domains: [String] = [], versions: Bool = false,
               at moment: TestMoment = .middle, of certificate: String = "valid.crt") throws -> TLSProbe.Report {
        try TLSProbe(ip: ip, serverName: name, domains: domains, timeout: .seconds(5),
                     now: try moment.date(for: certificate), probeVersions: versions)
            .run(trust: try TrustStore.file(TestEnvironment.pki("root.crt")))
    }

    func verdict(_ report: TLSProbe.Report, _ id: String) -> Verdict? { report.items.first { $0.id == id }?.verdict }

    @Test func validServer() throws {
        let report = try probe(Server.valid, "valid.tls.example.test", versions: true)
        #expect(!report.hasProblem, "\(report.items.filter { $0.verdict != .ok && $0.verdict != .info })")
        #expect(report.negotiatedVersion == .tls1_3)
        #expect(!report.cipherSuite.isEmpty)
        #expect(report.certificates.count == 2)
        #expect(report.versions.map(\.accepted) == [false, false, true, true])
        #expect(verdict(report, "protocols") == .ok)
    }

    @Test func tls10Server() throws {
        let report = try probe(Server.tls10, "valid.tls.example.test", versions: true)
        #expect(report.versions.map(\.accepted) == [true, true, true, true])
        #expect(verdict(report, "protocols") == .problem)
    }

    @Test func tls13OnlyServer() throws {
        let report = try probe(Server.tls13Only, "valid.tls.example.test", versions: true)
        #expect(report.versions.map(\.accepted) == [false, false, false, true])
        #expect(verdict(report, "protocols") == .warning)
    }

    @Test func servedChainCases() throws {
        #expect(verdict(try probe(Server.missingIntermediate, "valid.tls.example.test"), "chain-complete") == .problem)
        #expect(verdict(try probe(Server.wrongOrder, "valid.tls.example.test"), "chain-order") == .problem)
        let rooted = try probe(Server.rootIncluded, "valid.tls.example.test")
        #expect(verdict(rooted, "chain-root") == .warning)
        #expect(!rooted.hasProblem)
        #expect(verdict(try probe(Server.expired, "expired.tls.example.test", at: .afterExpiry, of: "expired.crt"), "validity") == .problem)
        #expect(verdict(try probe(Server.notYet, "notyet.tls.example.test", at: .beforeStart, of: "notyet.crt"), "validity") == .problem)
        #expect(verdict(try probe(Server.rsa1024, "rsa1024.tls.example.test"), "key-strength") == .problem)
        #expect(verdict(try probe(Server.sha1, "sha1.tls.example.test"), "signature") == .problem)
    }

    @Test func coverage() throws {
        #expect(verdict(try probe(Server.wrongName, "valid.tls.example.test"), "domain") == .problem)
        let wildcard = try probe(Server.wildcard, "a.wild.tls.example.test", domains: ["wild.tls.example.test"])
        #expect(wildcard.items.filter { $0.id == "domain" }.map(\.verdict) == [.ok, .problem])
    }

    @Test func closedPortAndPlainHTTP() {
        #expect {
            _ = try TLSProbe(ip: Server.valid, port: 8443, serverName: nil).run(trust: nil)
        } throws: { ($0 as? TLSError)?.code == .connectionRefused }
        #expect {
            _ = try TLSProbe(ip: Server.plainHTTP, serverName: nil).run(trust: nil)
        } throws: { ($0 as? TLSError)?.reason == "wrong version number" }
    }
}
