import Foundation
import Testing
import DVTestSupport

/// `dvtool txt` and `dvtool caa` end to end, including `--wait` catching a lagging server up.
@Suite("dvtool txt and caa (CLI)", .serialized)
struct TXTCLITests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    @Test func waitFinishesOnceTheLaggingServerCatchesUp() async throws {
        let value = "waitvalue-\(UInt32.random(in: 0 ... .max))"
        // A name of its own per run: the resolver must not hold an earlier run's value (that is a problem now).
        let owner = "_acme-challenge.waittest\(UInt32.random(in: 0 ... .max))"
        let name = owner + ".example.test"
        try testnet("set-record", "auth1", "example.test", owner, "TXT", "\"\(value)\"")
        defer {
            for instance in ["auth1", "auth2"] {
                try? testnet("delete-record", instance, "example.test", owner, "TXT")
            }
            try? testnet("flush", name)
        }
        // The second server gets the value while dvtool is already waiting.
        let catchUp = Task.detached {
            try await Task.sleep(for: .seconds(3))
            try testnet("set-record", "auth2", "example.test", owner, "TXT", "\"\(value)\"")
        }
        let started = Date()
        let result = try await TestWorld.runCLI(["txt", name, "--expect", value, "--wait", "--wait-timeout", "40s", "--interval", "1s", "--json"] + world,
                                 timeout: 60)
        try await catchUp.value
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(Date().timeIntervalSince(started) >= 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "ok")
    }

    @Test func waitGivesUpWithExitOneAndTheLastTable() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.lag.example.test", "--expect", "never-there", "--wait",
                                  "--wait-timeout", "3s", "--interval", "1s"] + world, timeout: 30)
        #expect(result.status == 1)
        #expect(result.stdout.contains("AUTHORITATIVE"))
        #expect(result.stdout.contains("gave up after 3s"))
    }

    /// Given alone, --wait-timeout or --interval used to do nothing (one round, no wait): each implies --wait.
    @Test(arguments: [["--wait-timeout", "2s"], ["--interval", "0.5s", "--wait-timeout", "2s"]])
    func waitSettingsImplyTheWait(_ options: [String]) async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.lag.example.test", "--expect", "never-there"] + options + world, timeout: 30)
        #expect(result.status == 1)
        #expect(result.stdout.contains("gave up after 2s"), "\(result.stdout)")
        let once = try await TestWorld.runCLI(["txt", "_acme-challenge.lag.example.test", "--expect", "never-there"] + world, timeout: 30)
        #expect(once.status == 1 && !once.stdout.contains("gave up"), "no wait asked: one round")
    }

    /// CAs compare the value byte for byte: a Kelvin sign (U+212A) is canonically equivalent to "K" for Swift's
    /// `==`, but it is not the record's K.
    @Test func theValueIsComparedByteForByte() async throws {
        let served = "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"
        let lookalike = served.replacingOccurrences(of: "K", with: "\u{212A}")
        #expect(lookalike == served && Array(lookalike.utf8) != Array(served.utf8), "the test needs canonically equal, byte-different text")
        #expect(try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--expect", served] + world).status == 0)
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--expect", lookalike, "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
    }

    @Test func txtWithCAARunsBothChecks() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ",
                                  "--ca", "digicert", "--json"] + world)
        #expect(result.status == 1, "the value is there but CAA allows only Let's Encrypt")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let caa = try #require(json["caa"] as? [String: Any])
        #expect(caa["decision"] as? String == "blocked")
        #expect(caa["foundAt"] as? String == "example.test.")
    }

    @Test func caaExitCodes() async throws {
        #expect(try await TestWorld.runCLI(["caa", "caa-allow.example.test", "--ca", "letsencrypt"] + world).status == 0)
        let denied = try await TestWorld.runCLI(["caa", "caa-deny.example.test", "--ca", "letsencrypt"] + world)
        #expect(denied.status == 1)
        #expect(denied.stdout.contains("blocked"))
        let wildcard = try await TestWorld.runCLI(["caa", "caa-wild.example.test", "--wildcard", "--ca", "letsencrypt.org"] + world)
        #expect(wildcard.status == 0, "\(wildcard.stdout)")
    }

    /// `--method` takes a method by any of its names; caa's JSON carries the ACME name (RFC 8657's spelling).
    @Test(arguments: ["dns-01", "acme-dns-01", "DNS-01"])
    func caaMethodTakesEverySpelling(_ spelling: String) async throws {
        let result = try await TestWorld.runCLI(["caa", "caa-allow.example.test", "--ca", "letsencrypt", "--method", spelling, "--json"] + world)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(#""method" : "dns-01""#), "\(result.stdout)")
    }

    @Test(arguments: [
        (["caa", "example.test", "--ca", "nosuchca"], "unknown CA \"nosuchca\""),
        (["caa", "example.test"], "--ca is required"),
        (["caa", "example.test", "--ca", "letsencrypt", "--method", "email"], "use dns-01, http-01, tls-alpn-01, dns-change"),
        (["txt", "_acme-challenge.example.test", "--ca", "letsencrypt", "--method", "email"], "Open MPIC's acme-dns-01"),
        (["mpic", "dcv", "example.test", "--value", "v", "--perspectives", "/dev/null", "--method", "email"], "use dns-01"),
        (["txt", "_acme-challenge.example.test", "--wait", "--wait-timeout", "soon"], "--wait-timeout"),
        (["txt", "_acme-challenge.example.test", "--expect", ""], "--expect needs a non-empty value"),
        (["txt", "bad..name"], "empty label"),
        (["txt", "_acme-challenge.a\u{200D}b.example.test"], "U+200D"),
    ])
    func badInputExitsTwo(_ arguments: [String], _ mentioned: String) async throws {
        let result = try await TestWorld.runCLI(arguments + ["--no-recursive", "--root-hints", CLI.rootHints])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mentioned), "\(result.stderr)")
    }

    @Test func unicodeNamesAreConvertedAndShownInBothForms() async throws {
        let result = try await TestWorld.runCLI(["resolve", "www.例子.测试", "--expect", "192.0.2.90", "--expect", "2001:db8::90"] + world)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("www.xn--fsqu00a.xn--0zwm56d."))
    }
}

/// Runs `scripts/testnet ARGS...` (or its fake-world twin), requiring success.
func testnet(_ arguments: String...) throws {
    try TestWorld.testnet(arguments)
}
