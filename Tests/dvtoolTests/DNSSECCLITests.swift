import Foundation
import Testing
import DVTestSupport

/// DNSSEC end to end: `dvtool dnssec` verdicts, `--at`, bad input, and the DNSSEC verdicts inside txt, caa and
/// resolve, against the signed part of the DNS world.
@Suite("dvtool dnssec and DNSSEC in the checks (CLI)", .serialized)
struct DNSSECCLITests {
    let world = ["--root-hints", CLI.rootHints, "--trust-anchor", CLI.packageRoot.appendingPathComponent("zones/trust-anchor.ds").path]

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    private func decidingFailureCode(_ report: [String: Any]) -> Int? {
        let steps = report["steps"] as? [[String: Any]] ?? []
        let deciding = steps.first { $0["verdict"] as? String != "secure" }
        return ((deciding?["failure"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? Int
    }

    @Test func verdictsAndExitCodes() async throws {
        for (name, verdict, status, code) in [("www.good.dnssec.test", "secure", Int32(0), nil),
                                              ("www.unsigned.dnssec.test", "insecure", 0, nil),
                                              ("www.expired.dnssec.test", "bogus", 1, 7),
                                              ("www.moved.dnssec.test", "bogus", 1, 9),
                                              ("www.lame.dnssec.test", "indeterminate", 3, 22)] as [(String, String, Int32, Int?)] {
            let result = try await TestWorld.runCLI(["dnssec", name, "--json", "--timeout", "1"] + world)
            #expect(result.status == status, "\(name): \(result.stdout)")
            let report = try json(result)
            #expect(report["verdict"] as? String == verdict, "\(name)")
            #expect(decidingFailureCode(report) == code, "\(name)")
        }
    }

    @Test func aZonesOwnDSIsValidatedAtItsParent() async throws {
        let result = try await TestWorld.runCLI(["dnssec", "good.dnssec.test", "--type", "DS", "--json"] + world)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try json(result)["verdict"] as? String == "secure")
    }

    @Test func atValidatesAnotherMoment() async throws {
        // The good zones are signed until 2036-01-01: a week before, a warning; after, bogus at the root.
        let soon = try await TestWorld.runCLI(["dnssec", "www.good.dnssec.test", "--at", "2035-12-28", "--json"] + world)
        #expect(soon.status == 0)
        let codes = (try json(soon)["problems"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("dnssec-expiring"), "\(soon.stdout)")
        let late = try await TestWorld.runCLI(["dnssec", "www.good.dnssec.test", "--at", "2036-01-02"] + world)
        #expect(late.status == 1)
        #expect(late.stdout.contains("Signature Expired (EDE 7)"), "\(late.stdout)")
        // The not-yet-valid zone becomes valid once its signatures start (the rest of the chain still is).
        let notYet = try await TestWorld.runCLI(["dnssec", "www.notyet.dnssec.test", "--at", "2037-06-01", "--json"] + world)
        #expect(try json(notYet)["verdict"] as? String == "bogus", "the parents' signatures ended in 2036")
    }

    @Test func validatedAtIsAnISO8601Time() async throws {
        let result = try await TestWorld.runCLI(["dnssec", "www.good.dnssec.test", "--at", "2026-12-07T12:00:00Z", "--json"] + world)
        #expect(try json(result)["validatedAt"] as? String == "2026-12-07T12:00:00Z", "\(result.stdout)")
    }

    /// Debian's root.key has no TTL; Unbound's autotrust file has one; neither is the TTL the root serves.
    @Test func aDNSKEYAnchorWithAnyTTLValidates() async throws {
        let key = try String(contentsOf: CLI.packageRoot.appendingPathComponent("zones/keys/root-ksk.key"), encoding: .utf8)
            .split(separator: "\n")[0]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-cli-anchor-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [("no-ttl.key", String(key)), ("ttl.key", key.replacingOccurrences(of: ".\tIN\t", with: ". 172800 IN "))]
        for (name, text) in files {
            let file = directory.appendingPathComponent(name).path
            try (text + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let result = try await TestWorld.runCLI(["dnssec", "good.dnssec.test", "--root-hints", CLI.rootHints, "--trust-anchor", file])
            #expect(result.status == 0, "\(name): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("is secure"), "\(name): \(result.stdout)")
        }
        let revoked = directory.appendingPathComponent("revoked.key").path
        try (key.replacingOccurrences(of: "DNSKEY\t257", with: "DNSKEY 385") + "\n").write(toFile: revoked, atomically: true, encoding: .utf8)
        let refused = try await TestWorld.runCLI(["dnssec", "good.dnssec.test", "--root-hints", CLI.rootHints, "--trust-anchor", revoked])
        refused.expectBadInput(mentioning: "has the REVOKE bit set (flags 385)")
    }

    @Test func badInputIsOneLineAndExitTwo() async throws {
        for (arguments, mentioned) in [(["dnssec", "www.good.dnssec.test", "--at", "next week"] + world, "next week"),
                                       (["dnssec", "www.good.dnssec.test", "--root-hints", CLI.rootHints, "--trust-anchor", "/nonexistent/root.key"], "/nonexistent/root.key"),
                                       (["dnssec", "www.good.dnssec.test", "--type", "MX"] + world, "MX")] {
            try await TestWorld.runCLI(arguments).expectBadInput(mentioning: mentioned)
        }
    }

    @Test func txtOnABogusZoneFailsInTheCAsWords() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.expired.dnssec.test", "--expect", "dnssec-token-expired", "--no-recursive", "--json"] + world)
        #expect(result.status == 1, "every server has the value, but the CA cannot validate it")
        let report = try json(result)
        let problems = report["problems"] as? [[String: Any]] ?? []
        let bogus = try #require(problems.first { $0["code"] as? String == "dnssec-bogus" })
        #expect((bogus["message"] as? String)?.hasPrefix("DNS problem: looking up TXT for _acme-challenge.expired.dnssec.test.: DNSSEC: Signature Expired") == true)
        #expect((report["dnssec"] as? [[String: Any]])?.first?["verdict"] as? String == "bogus")
    }

    @Test func caaOnARolledKeyIsAFailedLookup() async throws {
        let result = try await TestWorld.runCLI(["caa", "www.rolled.dnssec.test", "--ca", "letsencrypt", "--no-recursive", "--json"] + world)
        #expect(result.status == 1)
        let report = try json(result)
        #expect(report["decision"] as? String == "lookup-failed", "\(result.stdout)")
        #expect((report["reason"] as? String)?.contains("DNSSEC: DNSKEY Missing") == true)
    }

    @Test func resolveCarriesTheVerdict() async throws {
        let insecure = try await TestWorld.runCLI(["resolve", "www.unsigned.dnssec.test", "--no-recursive", "--json"] + world)
        #expect(insecure.status == 0)
        let verdicts = (try json(insecure)["dnssec"] as? [[String: Any]] ?? []).compactMap { $0["verdict"] as? String }
        #expect(verdicts == ["insecure", "insecure"], "A and AAAA: \(insecure.stdout)")
        // A private root without --trust-anchor: DNSSEC is not checked, and the JSON says so by leaving it out.
        let unchecked = try await TestWorld.runCLI(["resolve", "www.unsigned.dnssec.test", "--no-recursive", "--json", "--root-hints", CLI.rootHints])
        #expect(try json(unchecked)["dnssec"] == nil)
    }

    /// Only the real world's Unbound validates (the fake world's resolver passes answers on unjudged).
    @Test(TestWorld.realOnly) func resolveReadsTheValidatingResolversExtendedError() async throws {
        // The validating Unbound's SERVFAIL carries RFC 8914's reason; the row shows it.
        try testnet("flush", "notyet.dnssec.test")
        let bogus = try await TestWorld.runCLI(["resolve", "www.notyet.dnssec.test", "--type", "A", "--resolver", "127.53.53.53", "--json"] + world)
        #expect(bogus.status == 1)
        let rows = try json(bogus)["recursive"] as? [[String: Any]] ?? []
        #expect((rows.first?["error"] as? String)?.contains("EDE 8 (Signature Not Yet Valid)") == true, "\(bogus.stdout)")
    }

    @Test func doctorHasADNSSECItem() async throws {
        func item(_ name: String) async throws -> [String: Any]? {
            // --expect keeps the port probes on the world's nginx (loopback), whatever the zone's addresses.
            let result = try await TestWorld.runCLI(["doctor", name, "--ca", "letsencrypt", "--expect", "127.53.80.1", "--timeout", "1", "--json"] + world)
            let items = try json(result)["items"] as? [[String: Any]] ?? []
            return items.first { $0["id"] as? String == "dnssec" }
        }
        #expect(try await item("web.good.dnssec.test")?["verdict"] as? String == "ok")
        let bogus = try #require(try await item("www.expired.dnssec.test"))
        #expect(bogus["verdict"] as? String == "problem")
        #expect((bogus["detail"] as? String)?.contains("Signature Expired (EDE 7)") == true, "\(bogus)")
    }

    /// wildsynth's mail has a signed address, but the NSEC that proves its other types absent was cut out: the CA's CAA
    /// lookup there fails validation (SERVFAIL), so doctor must not call the name ready.
    @Test func doctorCallsABogusCAALookupAProblem() async throws {
        let result = try await TestWorld.runCLI(["doctor", "mail.wildsynth.dnssec.test", "--ca", "letsencrypt", "--expect", "127.53.80.1",
                                                 "--timeout", "1", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        let items = try json(result)["items"] as? [[String: Any]] ?? []
        let dnssec = try #require(items.first { $0["id"] as? String == "dnssec" }, "\(result.stdout)")
        #expect(dnssec["verdict"] as? String == "problem", "\(dnssec)")
        let caa = try #require(items.first { $0["id"] as? String == "caa" }, "\(result.stdout)")
        #expect(caa["verdict"] as? String == "problem", "\(caa)")
        #expect((caa["detail"] as? String)?.contains("looking up CAA for mail.wildsynth.dnssec.test.: DNSSEC: DNSSEC Bogus") == true, "\(caa)")
        let lookup = try await TestWorld.runCLI(["caa", "mail.wildsynth.dnssec.test", "--ca", "letsencrypt", "--no-recursive", "--json"] + world)
        #expect(lookup.status == 1)
        #expect(try json(lookup)["decision"] as? String == "lookup-failed", "\(lookup.stdout)")
    }

    /// Every server has the value, expanded from the wildcard, but not the proof that the name does not exist itself.
    @Test func txtFromAWildcardWithoutItsProofIsBogus() async throws {
        let name = "_acme-challenge.nope.wildsynth.dnssec.test"
        let result = try await TestWorld.runCLI(["txt", name, "--expect", "dnssec-wildcard-wildsynth", "--no-recursive", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        let problems = try json(result)["problems"] as? [[String: Any]] ?? []
        #expect(problems.contains { $0["code"] as? String == "dnssec-bogus" }, "\(result.stdout)")
        let healthy = try await TestWorld.runCLI(["txt", "_acme-challenge.nope.wildcard.dnssec.test", "--expect", "dnssec-wildcard-wildcard",
                                                  "--no-recursive", "--json"] + world)
        #expect(try json(healthy)["dnssec"].flatMap { ($0 as? [[String: Any]])?.first?["verdict"] as? String } == "secure", "\(healthy.stdout)")
    }
}
