import Foundation
import Testing
import DVTestSupport

/// `dvtool explain` end to end, with --run reproducing a DNS and an HTTP failure against the DNS world.
@Suite("dvtool explain (CLI)", .serialized)
struct ExplainCLITests {
    let world = ["--check-option=--root-hints=\(CLI.rootHints)", "--check-option=--resolver=127.53.53.53",
                 "--check-option=--trust-anchor=\(CLI.packageRoot.path)/zones/trust-anchor.ds"]

    private func json(_ result: CLI.Result) async throws -> [String: Any] {
        let text = result.stdout
        // With --run and --json, the explanation is the last JSON document on stdout: its first key is indented once.
        let start = try #require(text.range(of: "{\n  \"", options: .backwards))
        return try #require(try JSONSerialization.jsonObject(with: Data(text[start.lowerBound...].utf8)) as? [String: Any], "\(text)")
    }

    @Test func recognisedFromStandardInputAndUnknownIsExitOne() async throws {
        let known = try await TestWorld.runCLI(["explain"], input: "Incorrect TXT record \"old\" found at _acme-challenge.example.com\n")
        #expect(known.status == 0, "\(known.stdout)")
        #expect(known.stdout.contains("reproduce it: dvtool txt _acme-challenge.example.com"), "\(known.stdout)")
        let unknown = try await TestWorld.runCLI(["explain", "gremlins ate shop.example.org"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("dvtool doctor shop.example.org"))
        let empty = try await TestWorld.runCLI(["explain"], input: "  \n")
        #expect(empty.status == 2 && empty.stderr.split(separator: "\n").count == 1)
    }

    @Test func runReproducesADNSFailure() async throws {
        let message = "DNS problem: NXDOMAIN looking up TXT for _acme-challenge.never-published.example.test - check that a DNS record exists for this domain"
        let result = try await TestWorld.runCLI(["explain", message, "--run", "--json"] + world)
        #expect(result.status == 1, "the check reproduces the failure: \(result.stdout)")
        let confirmed = try await json(result)["confirmed"] as? [String] ?? []
        #expect(confirmed.contains { $0.contains("not published") }, "\(confirmed)")
    }

    @Test func runReproducesADNSSECFailure() async throws {
        let message = "DNS problem: looking up TXT for _acme-challenge.expired.dnssec.test: DNSSEC: Signature Expired"
        let result = try await TestWorld.runCLI(["explain", message, "--run", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(try await json(result)["confirmed"] as? [String] != [], "\(result.stdout)")
    }

    @Test(TestWorld.realOnly("http-404.example.test is served by the nginx HTTP servers (scripts/http-servers)")) func runReproducesAnHTTPFailure() async throws {
        let message = "Invalid response from http://http-404.example.test/.well-known/acme-challenge/abc: 404"
        let result = try await TestWorld.runCLI(["explain", message, "--run", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        let report = try await json(result)
        #expect((report["command"] as? [String])?.first == "http-check", "\(report)")
        #expect(report["confirmed"] as? [String] != [], "\(result.stdout)")
    }

    /// The corpus scenarios whose failing names live in the world itself (Tests/DVExplainTests/Fixtures): `--run`
    /// on the client's whole output reproduces the failure and confirms a listed cause. The others needed records or
    /// servers `scripts/explain-corpus` made for the run and removed (403, 502, catch-all page, stale file, refused,
    /// timeout, https with nothing on 443, wrong value, cached value, one server only, stale secondary, doubled
    /// zone, dangling CNAME): their checks would now see another world.
    static let recreatable = [
        "dns-nothing-published/certbot-output.txt", "dns-dehydrated-nothing-published/dehydrated-output.txt",
        "dns-lame-delegation/certbot-output.txt", "dns-lego-dead-server/lego-output.txt",
        "dns-dnssec-expired/certbot-log.txt", "dns-dnssec-ds-mismatch/lego-output.txt",
        "dns-dnssec-ds-unsigned-zone/dehydrated-output.txt", "http-dnssec-bad-signature/lego-output.txt",
        "http-no-address/lego-output.txt", "http-nxdomain/certbot-output.txt", "http-redirect-to-missing-name/certbot-output.txt",
    ]
    /// The scenarios whose failure is an answer of the nginx HTTP servers (scripts/http-servers).
    static let recreatableOverHTTP = [
        "http-404-webroot/certbot-log.txt", "http-dehydrated-404/dehydrated-output.txt", "http-wrong-content/certbot-output.txt",
        "http-redirect-loop/lego-output.txt",
    ]

    @Test(arguments: recreatable)
    func runConfirmsTheCauseOfARealFailure(_ fixture: String) async throws {
        try await confirmsTheCause(fixture)
    }

    @Test(TestWorld.realOnly("The nginx HTTP servers answer these"), arguments: recreatableOverHTTP)
    func runConfirmsTheCauseOfARealHTTPFailure(_ fixture: String) async throws {
        try await confirmsTheCause(fixture)
    }

    private func confirmsTheCause(_ fixture: String) async throws {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/DVExplainTests/Fixtures/" + fixture), encoding: .utf8)
        let result = try await TestWorld.runCLI(["explain", "--run", "--json"] + world, input: text)
        #expect(result.status == 1, "the check reproduces the failure: \(result.stdout)")
        let confirmed = try await json(result)["confirmed"] as? [String] ?? []
        #expect(!confirmed.isEmpty, "no listed cause confirmed: \(result.stdout)")
    }

    /// The CA a client talked to, named from the directory URL in its log: certbot's real debug log with its
    /// `--server` (the world's Pebble) swapped for Let's Encrypt's staging directory, as a user's log would carry it.
    @Test func namesTheCAFromTheClientsDirectory() async throws {
        let log = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/DVExplainTests/Fixtures/dns-wrong-value/certbot-log.txt"), encoding: .utf8)
        let staging = log.replacingOccurrences(of: "https://127.53.60.1:14000/dir", with: "https://acme-staging-v02.api.letsencrypt.org/directory")
        let report = try await json(try CLI.run(["explain", "--json"], input: staging))
        #expect(report["acmeServer"] as? String == "https://acme-staging-v02.api.letsencrypt.org/directory")
        let ca = try #require(report["ca"] as? [String: Any], "\(report)")
        #expect(ca["name"] as? String == "Let's Encrypt" && ca["staging"] as? Bool == true && ca["issuerDomains"] as? [String] == ["letsencrypt.org"])
        let text = try CLI.run(["explain"], input: staging)
        #expect(text.status == 0)
        #expect(text.stdout.contains("ACME server: https://acme-staging-v02.api.letsencrypt.org/directory (Let's Encrypt staging: CAA must allow letsencrypt.org)"), "\(text.stdout)")
        // The world's own CA is no CA dvtool knows: the server is named, the CA is not guessed.
        let pebble = try CLI.run(["explain", "--json"], input: log)
        let pebbleReport = try await json(pebble)
        #expect(pebbleReport["acmeServer"] as? String == "https://127.53.60.1:14000/dir")
        #expect(pebbleReport["ca"] == nil)
        #expect(try CLI.run(["explain"], input: log).stdout.contains("(not a CA dvtool knows: give caa the CA's issuer domain with --ca)"))
    }
}
