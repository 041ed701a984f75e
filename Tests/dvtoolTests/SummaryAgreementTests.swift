import Foundation
import Testing
import DVTestSupport

/// Summary line, rows and exit code agree (issue 13.2): never "ok"/"submit" while a row is not ok, and a
/// resolver that still holds an old answer (the CA's would too, if it asked before the change) blocks.
@Suite("dvtool: summary, rows and exit code agree", .serialized)
struct SummaryAgreementTests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    /// Publishes `value` at OWNER on both servers of example.test and returns the TXT name.
    private func publish(_ owner: String, _ value: String, ttl: Int = 60) throws {
        for instance in ["auth1", "auth2"] {
            try testnet("set-record", "--ttl", String(ttl), instance, "example.test", owner, "TXT", "\"\(value)\"")
        }
    }

    private func removeEverywhere(_ owner: String) {
        for instance in ["auth1", "auth2"] { try? testnet("delete-record", instance, "example.test", owner, "TXT") }
        try? testnet("flush", owner + ".example.test")
    }

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    @Test func resolverHoldingTheOldValueFailsAndSaysForHowLong() async throws {
        let owner = "_acme-challenge.stale\(UInt32.random(in: 0 ... .max))"
        let name = owner + ".example.test"
        defer { removeEverywhere(owner) }
        try publish(owner, "old-value")
        // The resolver asks now and keeps "old-value" for 60 s, like a CA resolver that validated before the change.
        let warm = try await TestWorld.runCLI(["txt", name, "--expect", "old-value", "--json"] + world)
        #expect(warm.status == 0, "\(warm.stdout)")
        try publish(owner, "new-value")

        let text = try await TestWorld.runCLI(["txt", name, "--expect", "new-value"] + world)
        #expect(text.status == 1, "\(text.stdout)")
        #expect(text.stdout.contains("problem [resolver-stale] resolver 127.53.53.53 still serves old values \"old-value\""), "\(text.stdout)")
        #expect(text.stdout.range(of: #"may keep that answer for another \d+ s"#, options: .regularExpression) != nil, "\(text.stdout)")
        #expect(text.stdout.contains("FAILED: fix the problems above before asking the CA"))
        #expect(!text.stdout.contains("submit to the CA"), "\(text.stdout)")

        let report = try json(try await TestWorld.runCLI(["txt", name, "--expect", "new-value", "--json"] + world))
        #expect(report["status"] as? String == "problem")
        let resolverRows = try #require(report["recursive"] as? [[String: Any]])
        #expect(resolverRows.map { $0["verdict"] as? String } == ["stale"])
        let authoritative = try #require(report["authoritative"] as? [[String: Any]])
        #expect(authoritative.count == 2 && authoritative.allSatisfy { $0["verdict"] as? String == "ok" })
    }

    @Test func resolverHoldingACachedNXDOMAINFails() async throws {
        let owner = "_acme-challenge.early\(UInt32.random(in: 0 ... .max))"
        let name = owner + ".example.test"
        defer { removeEverywhere(owner) }
        // Asked before it was published (dig, as a CA's resolver would be; dvtool itself does not ask resolvers
        // then): the resolver caches NXDOMAIN for the negative TTL.
        let resolver = try await TestWorld.listeningAddress(of: "127.53.53.53")
        let dig = try CLI.run(["+short", "+time=2", "+tries=1", "-p", "\(resolver.port)", "@\(resolver.ip)", name, "TXT"], bytes: nil, timeout: 10,
                              executable: URL(fileURLWithPath: "/usr/bin/dig"))
        #expect(dig.status == 0, "\(dig.stderr)")
        try publish(owner, "fresh-value")
        let result = try await TestWorld.runCLI(["txt", name, "--expect", "fresh-value"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("still serves a cached NXDOMAIN"), "\(result.stdout)")
        #expect(result.stdout.contains("FAILED"))
    }

    @Test func waitKeepsWaitingWhileAResolverHoldsTheOldAnswer() async throws {
        let owner = "_acme-challenge.waitstale\(UInt32.random(in: 0 ... .max))"
        let name = owner + ".example.test"
        defer { removeEverywhere(owner) }
        try publish(owner, "before")
        #expect(try await TestWorld.runCLI(["txt", name, "--expect", "before"] + world).status == 0)
        try publish(owner, "after")
        let result = try await TestWorld.runCLI(["txt", name, "--expect", "after", "--wait", "--wait-timeout", "3s", "--interval", "1s"] + world, timeout: 30)
        #expect(result.status == 1, "the resolver keeps \"before\" for 60 s: \(result.stdout)")
        #expect(result.stdout.contains("gave up after 3s"))
        #expect(result.stdout.contains("[resolver-stale]"))
    }

    @Test func txtWithoutExpectListsValuesAndNeverSaysSubmit() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test"] + world)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"))
        #expect(!result.stdout.contains("submit"), "\(result.stdout)")
        #expect(result.stdout.contains("--expect VALUE"))
    }

    @Test func txtOkSaysSubmitOnlyWhenEveryRowIsOk() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ", "--json"] + world)
        let report = try json(result)
        let rows = (report["authoritative"] as? [[String: Any]] ?? []) + (report["recursive"] as? [[String: Any]] ?? [])
        #expect(result.status == 0)
        #expect(report["status"] as? String == "ok")
        #expect(!rows.isEmpty && rows.allSatisfy { $0["verdict"] as? String == "ok" }, "\(rows)")
        let text = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"] + world)
        #expect(text.stdout.hasSuffix("every authoritative server and resolver has the values; submit to the CA\n"), "\(text.stdout)")
    }

    @Test func resolveWithAStaleResolverRowFails() async throws {
        let owner = "moved\(UInt32.random(in: 0 ... .max))"
        defer {
            for instance in ["auth1", "auth2"] { try? testnet("delete-record", instance, "example.test", owner, "A") }
            try? testnet("flush", owner + ".example.test")
        }
        for instance in ["auth1", "auth2"] { try testnet("set-record", "--ttl", "60", instance, "example.test", owner, "A", "192.0.2.1") }
        #expect(try await TestWorld.runCLI(["resolve", owner + ".example.test", "--type", "A"] + world).status == 0)
        for instance in ["auth1", "auth2"] { try testnet("set-record", "--ttl", "60", instance, "example.test", owner, "A", "192.0.2.2") }
        let result = try await TestWorld.runCLI(["resolve", owner + ".example.test", "--type", "A", "--expect", "192.0.2.2", "--json"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        let report = try json(result)
        #expect(report["status"] as? String == "problem")
        #expect((report["recursive"] as? [[String: Any]])?.map { $0["verdict"] as? String } == ["stale"])
        let problems = report["problems"] as? [[String: Any]] ?? []
        #expect(problems.contains { $0["code"] as? String == "resolver-differs" && $0["severity"] as? String == "error" }, "\(problems)")
        let text = try await TestWorld.runCLI(["resolve", owner + ".example.test", "--type", "A", "--expect", "192.0.2.2"] + world)
        #expect(text.stdout.contains("FAILED: fix the problems above before asking the CA"), "\(text.stdout)")
    }

    @Test func unreachableResolverIsNeverOk() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ",
                                  "--root-hints", CLI.rootHints, "--resolver", "127.53.2.1", "--timeout", "1"])
        // What a silent resolver holds is unknown: not checked (exit 3), never a verdict about the name.
        #expect(result.status == 3, "\(result.stdout)")
        #expect(result.stdout.contains("warning [resolver-unreachable]"))
        #expect(result.stdout.contains("could not check"))
        #expect(!result.stdout.contains("submit to the CA"))
    }

    @Test func doctorThatCouldNotCheckAnItemIsNotOk() async throws {
        // No address: the ports item cannot be checked, so doctor must not say "ok".
        let result = try await TestWorld.runCLI(["doctor", "missing.example.test", "--no-recursive", "--root-hints", CLI.rootHints, "--json"])
        let report = try json(result)
        let items = report["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["verdict"] as? String != "ok" })
        #expect(report["status"] as? String != "ok")
        #expect(result.status != 0)
    }

    @Test func caaVerdictLineAndExitCodeComeFromTheDecision() async throws {
        for (name, exit, word) in [("caa-allow.example.test", Int32(0), "allowed"), ("caa-deny.example.test", Int32(1), "blocked")] {
            let text = try await TestWorld.runCLI(["caa", name, "--ca", "letsencrypt"] + world)
            let json = try self.json(try await TestWorld.runCLI(["caa", name, "--ca", "letsencrypt", "--json"] + world))
            #expect(text.status == exit, "\(text.stdout)")
            #expect(json["decision"] as? String == word)
            let last = text.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.hasPrefix(word + ":"), "\(text.stdout)")
        }
    }
}
