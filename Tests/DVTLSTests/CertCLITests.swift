import DVTestSupport
import Foundation
import Testing

/// `dvtool cert check|probe` as a user runs them: output, JSON and exit codes.
@Suite(.serialized) struct CertCLITests {
    init() { TestEnvironment.requirePKI() }

    func pki(_ name: String) -> String { TestEnvironment.pki(name) }

    func check(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(["cert", "check"] + arguments + ["--ca-file", pki("root.crt")], environment: ["DVTOOL_TEST_WRONG_PASSWORD": "wrong"])
    }

    @Test func goodFilesExitZero() throws {
        let result = try check(["--cert", pki("valid.fullchain.pem"), "--key", pki("valid.key"), "--domain", "www.valid.tls.example.test"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("No problems"))
    }

    @Test func problemExitsOneWithFix() throws {
        let result = try check(["--cert", pki("valid.fullchain.pem"), "--key", pki("mismatch.key")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("PROBLEM"))
        #expect(result.stdout.contains("fix:"))
    }

    @Test func jsonReport() throws {
        let result = try check(["--cert", pki("valid.leaf-only.pem"), "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        let complete = try #require(items.first { $0["id"] as? String == "chain-complete" })
        #expect(complete["verdict"] as? String == "problem")
        let certificates = try #require(object["certificates"] as? [[String: Any]])
        #expect((certificates.first?["notAfter"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func idnDomain() throws {
        let result = try check(["--cert", pki("idn.fullchain.pem"), "--domain", "bücher.tls.example.test"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// Bad input: one line on stderr, exit 2.
    @Test(arguments: [
        (["--cert", "/nonexistent/cert.pem"], "no such file"),
        (["--cert", "garbage.pem"], "not a certificate"),
        (["--cert", "valid.key"], "holds a private key, not a certificate"),
        (["--cert", "valid.crt", "--key", "valid.crt"], "holds a certificate, not a private key"),
        (["--cert", "valid.p12", "--password-env", "DVTOOL_TEST_WRONG_PASSWORD"], "wrong PKCS#12/PFX password"),
        (["--cert", "valid.p12"], "--password"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let resolved = arguments.map { $0.hasSuffix(".pem") || $0.hasSuffix(".key") || $0.hasSuffix(".crt") || $0.hasSuffix(".p12") ? ($0.hasPrefix("/") ? $0 : pki($0)) : $0 }
        let result = try check(resolved)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(TestWorld.realOnly("Probes the nginx TLS servers (scripts/tls-servers)")) func probeGood() throws {
        TestEnvironment.requireServers()
        let result = try CLI.run(["cert", "probe", "127.53.80.1", "--servername", "valid.tls.example.test", "--ca-file", pki("root.crt")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("TLS 1.0 off, TLS 1.1 off, TLS 1.2 on, TLS 1.3 on"))
    }

    /// HOST is looked up through the DNS world, as every other command does, and the output names the address.
    @Test(TestWorld.realOnly("Probes the nginx TLS servers (scripts/tls-servers)")) func probeByNameUsesTheDNSOptionsAndSaysWhereItConnected() throws {
        TestEnvironment.requireServers()
        let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
        let valid = try CLI.run(["cert", "probe", "valid.tls.example.test", "--ca-file", pki("root.crt")] + world)
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        #expect(valid.stdout.contains("TLS probe 127.53.80.1:443  (SNI valid.tls.example.test)"), "\(valid.stdout)")
        #expect(valid.stdout.contains("valid.tls.example.test has 127.53.80.1; connected to 127.53.80.1"), "\(valid.stdout)")
        let expired = try CLI.run(["cert", "probe", "expired.tls.example.test:443", "--ca-file", pki("root.crt"), "--json"] + world)
        #expect(expired.status == 1)
        #expect(expired.stdout.contains("\"ip\" : \"127.53.80.2\""), "\(expired.stdout)")
        let missing = try CLI.run(["cert", "probe", "nosuch.tls.example.test"] + world)
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("dvtool: error: cannot look up nosuch.tls.example.test: ") && missing.stderr.contains("NXDOMAIN"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1)
    }

    @Test(TestWorld.realOnly("Probes the nginx TLS servers (scripts/tls-servers)")) func probeOldProtocolsIsAProblem() throws {
        TestEnvironment.requireServers()
        let result = try CLI.run(["cert", "probe", "127.53.80.8:443", "--servername", "valid.tls.example.test",
                                  "--ca-file", pki("root.crt"), "--json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"negotiatedVersion\" : \"TLSv1.3\""))
    }

    @Test func probeClosedPortExitsThree() throws {
        let result = try CLI.run(["cert", "probe", "127.53.80.1:8443"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("connection refused"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(TestWorld.realOnly("Probes the nginx TLS servers (scripts/tls-servers)")) func probePlainHTTPExitsOne() throws {
        TestEnvironment.requireServers()
        let result = try CLI.run(["cert", "probe", "127.53.80.13"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("wrong version number"))
        #expect(result.stderr.contains("plain HTTP"))
    }

    @Test func probeBadPort() throws {
        let result = try CLI.run(["cert", "probe", "127.53.80.1:http"])
        #expect(result.status == 2)
    }
}
