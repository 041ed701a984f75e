import Foundation
import Testing
import DVTestSupport

/// `dvtool explain` end to end, with --run reproducing a DNS and an HTTP failure against the DNS world.
@Suite("dvtool explain (CLI)", .serialized)
struct ExplainCLITests {
    let world = ["--check-option=--root-hints=\(CLI.rootHints)", "--check-option=--resolver=127.53.53.53",
                 "--check-option=--trust-anchor=\(CLI.packageRoot.path)/zones/trust-anchor.ds"]

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        let text = result.stdout
        // With --run and --json, the explanation is the last JSON document on stdout.
        let start = try #require(text.range(of: "{\n  \"causes\"", options: .backwards) ?? text.range(of: "{", options: .backwards))
        return try #require(try JSONSerialization.jsonObject(with: Data(text[start.lowerBound...].utf8)) as? [String: Any], "\(text)")
    }

    @Test func recognisedFromStandardInputAndUnknownIsExitOne() throws {
        let known = try CLI.run(["explain"], input: "Incorrect TXT record \"old\" found at _acme-challenge.example.com\n")
        #expect(known.status == 0, "\(known.stdout)")
        #expect(known.stdout.contains("reproduce it: dvtool txt _acme-challenge.example.com"), "\(known.stdout)")
        let unknown = try CLI.run(["explain", "gremlins ate shop.example.org"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("dvtool doctor shop.example.org"))
        let empty = try CLI.run(["explain"], input: "  \n")
        #expect(empty.status == 2 && empty.stderr.split(separator: "\n").count == 1)
    }

    @Test func runReproducesADNSFailure() throws {
        let message = "DNS problem: NXDOMAIN looking up TXT for _acme-challenge.never-published.example.test - check that a DNS record exists for this domain"
        let result = try CLI.run(["explain", message, "--run", "--json"] + world)
        #expect(result.status == 1, "the check reproduces the failure: \(result.stdout)")
        let confirmed = try json(result)["confirmed"] as? [String] ?? []
        #expect(confirmed.contains { $0.contains("not published") }, "\(confirmed)")
    }

    @Test func runReproducesADNSSECFailure() throws {
        let message = "DNS problem: looking up TXT for _acme-challenge.expired.dnssec.test: DNSSEC: Signature Expired"
        let result = try CLI.run(["explain", message, "--run", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(try json(result)["confirmed"] as? [String] != [], "\(result.stdout)")
    }

    @Test func runReproducesAnHTTPFailure() throws {
        let message = "Invalid response from http://http-404.example.test/.well-known/acme-challenge/abc: 404"
        let result = try CLI.run(["explain", message, "--run", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        let report = try json(result)
        #expect((report["command"] as? [String])?.first == "http-check", "\(report)")
        #expect(report["confirmed"] as? [String] != [], "\(result.stdout)")
    }
}
