import Foundation
import Testing
import DVTestSupport

/// `dvtool mpic` over `dvtool agent` perspectives in five network namespaces (`scripts/perspectives`), each with
/// its own loopback NSD, Unbound and token server: the quorum, the RIR rule, the primary-first rule, and silent
/// or killed perspectives, as the CA's validator applies them.
@Suite("dvtool mpic and agent in network namespaces", .serialized, TestWorld.realOnly("The perspective namespaces of scripts/perspectives (ip netns, each with its own Unbound)"))
struct MPICTests {
    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-mpic-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let status = try CLI.run(["hook", "--help"])   // the binary exists
        try #require(status.status == 0)
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: CLI.packageRoot.path + "/scripts/perspectives")
        probe.arguments = ["status"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        try #require(probe.terminationStatus == 0, "the perspective namespaces are down: run `scripts/perspectives up` (as root)")
    }

    /// An agent in namespace dvt-PERSPECTIVE, started through a script that leaves a mark when it is asked.
    private func agent(_ perspective: String, code: String? = nil) throws -> String {
        let script = scratch.appendingPathComponent("agent-\(perspective).sh")
        try """
            #!/bin/sh
            echo asked >> \(scratch.path)/asked-\(perspective)
            exec ip netns exec dvt-\(perspective) \(CLI.binary.path) agent --stdio --code \(code ?? perspective) --resolver 127.0.0.1 --connect-reserved
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script.path
    }

    private func config(_ lines: [String]) throws -> String {
        let file = scratch.appendingPathComponent("perspectives-\(UUID().uuidString.prefix(6)).conf")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    private func standard(rirs: [String] = ["ARIN", "RIPE", "APNIC", "RIPE"]) throws -> String {
        try config(["primary p0 ARIN command \(try agent("p0"))"]
                   + zip(["p1", "p2", "p3", "p4"], rirs).map { "\($0) \($1) command \(try agent($0))" })
    }

    private func mpic(_ arguments: [String], config: String) throws -> (CLI.Result, [String: Any]) {
        // A fixed day: the BR minimum grows with the date (4 remotes until 2026-12-14, 5 from 2026-12-15).
        let result = try CLI.run(["mpic"] + arguments + ["--perspectives", config, "--perspective-timeout", "5", "--at", "2026-12-01",
                                                         "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        return (result, json)
    }

    private func remotes(_ report: [String: Any]) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: (report["remotes"] as? [[String: Any]] ?? []).map { ($0["code"] as? String ?? "", $0) })
    }

    @Test func everyPerspectiveAgrees() throws {
        let (result, report) = try mpic(["dcv", "all.mpic.test", "--value", "mpic-value"], config: try standard())
        #expect(result.status == 0 && report["valid"] as? Bool == true, "\(result.stdout)")
        #expect((report["quorum"] as? [String: Any])?["result"] as? String == "4/4")
    }

    @Test func oneLaggingSecondaryIsToleratedAndNamed() throws {
        let (result, report) = try mpic(["dcv", "lag.mpic.test", "--value", "mpic-value"], config: try standard())
        #expect(result.status == 0, "3 of 4 corroborate: \(result.stdout)")
        let p4 = try #require(remotes(report)["p4"])
        #expect(p4["passed"] as? Bool == false)
        #expect((p4["detail"] as? String)?.contains("NXDOMAIN looking up TXT for _acme-challenge.lag.mpic.test") == true)
    }

    @Test func twoRegionalFirewallsFailTheCorroborationInTheCAsWords() throws {
        let (result, report) = try mpic(["dcv", "web.mpic.test", "--method", "acme-http-01", "--token", "mpic-token",
                                         "--value", "mpic-token.thumbprint"], config: try standard())
        #expect(result.status == 1)
        #expect((report["message"] as? String)?.hasPrefix("During secondary validation: 127.0.0.1: Invalid response from http://web.mpic.test/.well-known/acme-challenge/mpic-token: 403") == true,
                "\(report["message"] ?? "")")
    }

    @Test func passingPerspectivesInOneRIRAreNotEnough() throws {
        let (result, report) = try mpic(["dcv", "all.mpic.test", "--value", "mpic-value"], config: try standard(rirs: ["ARIN", "ARIN", "ARIN", "ARIN"]))
        #expect(result.status == 1)
        #expect((report["message"] as? String)?.contains("at least two regional internet registries") == true)
    }

    @Test func remotesAreNotAskedWhenThePrimaryFails() throws {
        let (result, report) = try mpic(["dcv", "prim.mpic.test", "--value", "mpic-value"], config: try standard())
        #expect(result.status == 1)
        #expect((report["message"] as? String)?.contains("NXDOMAIN looking up TXT for _acme-challenge.prim.mpic.test") == true)
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/asked-p0"))
        for remote in ["p1", "p2", "p3", "p4"] {
            #expect(!FileManager.default.fileExists(atPath: scratch.path + "/asked-\(remote)"), "\(remote) was started")
        }
    }

    @Test func silentAndKilledPerspectivesCountAsFailedInTime() throws {
        let killed = scratch.appendingPathComponent("killed.sh")
        try "#!/bin/sh\nread request\nkill -9 $$\n".write(to: killed, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: killed.path)
        // Two pass, one is killed mid-check: undecided until the silent one's time is up.
        let file = try config(["primary p0 ARIN command \(try agent("p0"))", "p1 ARIN command \(try agent("p1"))",
                               "p2 RIPE command sleep 60", "p3 APNIC command \(killed.path)", "p4 RIPE command \(try agent("p4"))"])
        let started = Date()
        let (result, report) = try mpic(["dcv", "all.mpic.test", "--value", "mpic-value"], config: file)
        #expect(Date().timeIntervalSince(started) < 15, "bounded by --perspective-timeout")
        #expect(result.status == 1)
        let byCode = remotes(report)
        #expect((byCode["p2"]?["detail"] as? String)?.contains("no answer within 5 s") == true)
        #expect((byCode["p3"]?["detail"] as? String)?.contains("not an Open MPIC check response") == true)
    }

    /// A pre-flight waits for every perspective up to its timeout, never calls an unheard one failed, and says what
    /// a CA proceeding at quorum would have decided without the slow one.
    @Test func slowPerspectivesAreWaitedForAndImpostorsFail() throws {
        let slow = scratch.appendingPathComponent("slow.sh")
        try "#!/bin/sh\nsleep 3\nexec \(try agent("p4"))\n".write(to: slow, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: slow.path)
        let decided = try config(["primary p0 ARIN command \(try agent("p0"))", "p1 ARIN command \(try agent("p1"))",
                                  "p2 RIPE command \(try agent("p2"))", "p3 APNIC command \(try agent("p3"))", "p4 RIPE command \(slow.path)"])
        let started = Date()
        let (result, report) = try mpic(["dcv", "all.mpic.test", "--value", "mpic-value"], config: decided)
        #expect(result.status == 0 && Date().timeIntervalSince(started) >= 3, "the slow one's answer is waited for")
        let p4 = remotes(report)["p4"]
        #expect(p4?["passed"] as? Bool == true, "\(report)")
        let atQuorum = try #require(report["atQuorum"] as? [String: Any], "\(report)")
        #expect(atQuorum["notWaitedFor"] as? [String] == ["p4"])
        #expect(atQuorum["answers"] as? Int == 3)
        #expect(atQuorum["valid"] as? Bool == true)
        let text = try CLI.run(["mpic", "dcv", "all.mpic.test", "--value", "mpic-value", "--perspectives", decided, "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints], timeout: 60)
        #expect(text.stdout.contains("at quorum: a CA that proceeds once the outcome is decided would have decided after 3 answers, without p4: valid"),
                "\(text.stdout)")

        let silent = try config(["primary p0 ARIN command \(try agent("p0"))", "p1 ARIN command \(try agent("p1"))",
                                 "p2 RIPE command \(try agent("p2"))", "p3 APNIC command \(try agent("p3"))", "p4 RIPE command sleep 60"])
        let unheard = try CLI.run(["mpic", "dcv", "all.mpic.test", "--value", "mpic-value", "--perspectives", silent,
                                   "--perspective-timeout", "2", "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints], timeout: 60)
        let row = unheard.stdout.split(separator: "\n").first { $0.hasPrefix("p4 ") } ?? ""
        #expect(row.contains("no answer") && !row.contains("failed"), "\(unheard.stdout)")
        let impostor = try config(["primary p0 ARIN command \(try agent("p0"))", "p1 ARIN command \(try agent("p1"))",
                                   "p2 RIPE command \(try agent("p2"))", "p3 APNIC command \(try agent("p3", code: "elsewhere"))",
                                   "p4 RIPE command \(try agent("p4"))"])
        let (_, second) = try mpic(["dcv", "all.mpic.test", "--value", "mpic-value"], config: impostor)
        #expect((remotes(second)["p3"]?["detail"] as? String)?.contains("misconfiguration likely") == true)
    }

    @Test func configErrorsNameTheLine() throws {
        let file = try config(["primary p0 ARIN local", "p1 NOWHERE local"])
        let result = try CLI.run(["mpic", "dcv", "all.mpic.test", "--value", "v", "--perspectives", file])
        result.expectBadInput(mentioning: "\(file):2:")
    }

    @Test func caaFromEveryPerspective() throws {
        let (result, _) = try mpic(["caa", "web.mpic.test", "--caa-domain", "letsencrypt.org"], config: try standard())
        #expect(result.status == 0)
        let (refused, report) = try mpic(["caa", "web.mpic.test", "--caa-domain", "digicert.com"], config: try standard())
        #expect(refused.status == 1)
        #expect((report["message"] as? String)?.contains("CAA record for mpic.test. prevents issuance") == true, "\(report["message"] ?? "")")
    }

    @Test func anOpenMPICDeploymentsPerspectivesJoinTheRemotes() throws {
        let cert = scratch.path + "/mpic-cert.pem", key = scratch.path + "/mpic-key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                             "-subj", "/CN=fake open mpic", "-addext", "subjectAltName=IP:127.53.60.2", "-keyout", key, "-out", cert]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLI.packageRoot.path + "/scripts/lib/fake-openmpic.py")
        server.arguments = ["127.53.60.2", "8443", cert, key, "secret-key"]
        try server.run()
        // SIGKILL: the test runner's children inherit a blocked SIGTERM, and Python does not unblock it.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        Thread.sleep(forTimeInterval: 0.7)
        let file = try config(["primary p0 ARIN command \(try agent("p0"))", "openmpic https://127.53.60.2:8443/mpic DVTOOL_TEST_MPIC_KEY \(cert)"])
        // Three remotes meet the BR minimum of 2026-03-15 … 2026-06-14.
        let result = try CLI.run(["mpic", "dcv", "all.mpic.test", "--value", "mpic-value", "--perspectives", file, "--json", "--at", "2026-06-01"],
                                 environment: ["DVTOOL_TEST_MPIC_KEY": "secret-key"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        let byCode = remotes(report)
        #expect(Set(byCode.keys) == ["us-east-2", "eu-west-1", "ap-south-1"], "\(result.stdout)")
        #expect(byCode["eu-west-1"]?["rir"] as? String == "RIPE")
        #expect((byCode["ap-south-1"]?["detail"] as? String)?.contains("_acme-challenge.all.mpic.test") == true, "the request reached it")
        #expect(result.status == 0, "2 of 3 pass, two RIRs: valid")
        let refused = try CLI.run(["mpic", "dcv", "all.mpic.test", "--value", "mpic-value", "--perspectives", file, "--json"],
                                  environment: ["DVTOOL_TEST_MPIC_KEY": "wrong"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("not an Open MPIC response"), "\(refused.stdout)")
    }
}
