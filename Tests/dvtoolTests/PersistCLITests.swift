import Foundation
import Testing
import DVTestSupport

/// `txt --persist` (dns-persist-01) against the DNS world: records published under names of this test's own
/// (`dvpersist<random>`), on both servers or one, through a CNAME into another zone, and in the signed zones.
@Suite("dvtool txt --persist (dns-persist-01)", .serialized)
struct PersistCLITests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
    static let account = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789"

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    private func codes(_ report: [String: Any], severity: String = "error") -> [String] {
        (report["problems"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == severity }.compactMap { $0["code"] as? String }
    }

    /// Publishes `records` at `_validation-persist.dvpersist<random>.example.test` on `instances`, runs `body`
    /// with the domain, then deletes them.
    private func withRecords(_ records: [String], on instances: [String] = ["auth1", "auth2"], _ body: (String) async throws -> Void) async throws {
        let label = "dvpersist\(UInt32.random(in: 0 ... .max))"
        let owner = "_validation-persist." + label
        defer {
            for instance in instances { cleanUp("delete-record", instance, "example.test", owner, "TXT") }
            cleanUp("flush", "\(label).example.test")
        }
        for instance in instances {
            for (index, record) in records.enumerated() {
                try testnet(index == 0 ? "set-record" : "add-record", instance, "example.test", owner, "TXT", "\"\(record)\"")
            }
        }
        try await body("\(label).example.test")
    }

    @Test func aGoodRecordOnEveryServerIsValid() async throws {
        try await withRecords(["ca.example; accounturi=x", "letsencrypt.org; accounturi=\(Self.account); policy=wildcard"]) { domain in
            for name in [domain, "*." + domain, "_validation-persist." + domain] {
                let result = try await TestWorld.runCLI(["txt", name, "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--json"] + world)
                #expect(result.status == 0, "\(name): \(result.stdout)\(result.stderr)")
                let persist = try #require(try json(result)["persist"] as? [String: Any])
                #expect(persist["verdict"] as? String == "valid")
                #expect(persist["accountURIForm"] as? String == "plain")
                let servers = persist["servers"] as? [[String: Any]] ?? []
                #expect(servers.count == 3 && servers.allSatisfy { $0["verdict"] as? String == "valid" }, "\(servers)")
                #expect(persist["wildcard"] as? Bool == name.hasPrefix("*."))
            }
            let text = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account] + world)
            #expect(text.stdout.contains("accounturi compared as the plain account URL"), "\(text.stdout)")
            #expect(text.stdout.contains("(skipped by this CA)"))
            #expect(!text.stdout.contains("submit"), "\(text.stdout)")
        }
    }

    /// (records, wildcard, --at, the problem code the CA's refusal maps to)
    static let refusals: [([String], Bool, String?, String)] = [
        (["letsencrypt.com; accounturi=\(account)"], false, nil, "persist-wrong-issuer"),
        (["letsencrypt.org; accounturi=\(account)/"], false, nil, "persist-account-mismatch"),
        (["letsencrypt.org; accounturi=\(account)"], true, nil, "persist-wildcard-policy"),
        (["letsencrypt.org; accounturi=\(account); persistUntil=1767225600"], false, "2026-12-06", "persist-expired"),
        (["letsencrypt.org; accounturi=\(account);"], false, nil, "persist-malformed"),
    ]

    @Test(arguments: refusals.indices)
    func refusalsHaveTheirProblemCode(row: Int) async throws {
        let (records, wildcard, at, code) = Self.refusals[row]
        try await withRecords(records) { domain in
            let result = try await TestWorld.runCLI(["txt", (wildcard ? "*." : "") + domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--json"]
                                     + (at.map { ["--at", $0] } ?? []) + world)
            #expect(result.status == 1, "row \(row): \(result.stdout)\(result.stderr)")
            let report = try json(result)
            #expect(codes(report).contains(code), "row \(row): \(codes(report))")
            #expect(report["status"] as? String == "problem")
            let problems = (report["problems"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(problems.contains { $0.contains("every server") }, "row \(row): \(problems)")
        }
    }

    @Test func expiryMessageNamesBothTimesAsBoulderDoes() async throws {
        try await withRecords(["letsencrypt.org; accounturi=\(Self.account); persistUntil=1767225600"]) { domain in
            let before = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--at", "2025-12-01"] + world)
            #expect(before.status == 0, "\(before.stdout)")
            #expect(before.stdout.contains("persist-expired") == false)
            // Valid still, but the CA's next re-check (at most 10 days later) will refuse it: a warning.
            let soon = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--at", "2025-12-31"] + world)
            #expect(soon.status == 0, "\(soon.stdout)")
            #expect(soon.stdout.contains("warning [persist-expired]"), "\(soon.stdout)")
            let after = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--at", "2026-01-02"] + world)
            #expect(after.status == 1)
            #expect(after.stdout.contains("validation time 2026-01-02T00:00:00Z is after persistUntil 2026-01-01T00:00:00Z"), "\(after.stdout)")
        }
    }

    @Test func aServerWithoutTheRecordIsNamed() async throws {
        try await withRecords(["letsencrypt.org; accounturi=\(Self.account)"], on: ["auth1"]) { domain in
            let result = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--json"] + world)
            #expect(result.status == 1, "\(result.stdout)")
            let report = try json(result)
            let persist = try #require(report["persist"] as? [String: Any])
            #expect(persist["verdict"] as? String == "missing")
            let messages = (report["problems"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(messages.contains { $0.hasPrefix("ns2.example.test. (127.53.1.2) serves no TXT record at all") }, "\(messages)")
        }
    }

    @Test func aCNAMEIntoAnotherZoneIsFollowed() async throws {
        let label = "dvpersist\(UInt32.random(in: 0 ... .max))"
        let owner = "_validation-persist." + label
        let target = "\(label)-persist.other.test."
        defer {
            for instance in ["auth1", "auth2"] {
                cleanUp("delete-record", instance, "example.test", owner, "CNAME")
                cleanUp("delete-record", instance, "other.test", target, "TXT")
            }
            cleanUp("flush", "\(label).example.test")
        }
        for instance in ["auth1", "auth2"] {
            try testnet("set-record", instance, "example.test", owner, "CNAME", target)
            try testnet("set-record", instance, "other.test", target, "TXT", "\"letsencrypt.org; accounturi=\(Self.account)\"")
        }
        let result = try await TestWorld.runCLI(["txt", "\(label).example.test", "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--json"] + world)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try json(result)
        #expect(report["effectiveName"] as? String == target)
        #expect((report["persist"] as? [String: Any])?["verdict"] as? String == "valid")
    }

    /// The signed zones: the missing record's denial is validated (secure), expired signatures are bogus at the CA.
    @Test func signedZonesAreValidated() async throws {
        let anchor = ["--trust-anchor", CLI.packageRoot.appendingPathComponent("zones/trust-anchor.ds").path]
        let good = try await TestWorld.runCLI(["txt", "good.dnssec.test", "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--json"] + world + anchor)
        #expect(good.status == 1, "\(good.stdout)")
        let goodReport = try json(good)
        #expect((goodReport["persist"] as? [String: Any])?["verdict"] as? String == "missing")
        #expect((goodReport["dnssec"] as? [[String: Any]])?.first?["verdict"] as? String == "secure", "\(goodReport["dnssec"] ?? "nil")")
        let bad = try await TestWorld.runCLI(["txt", "expired.dnssec.test", "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--json"] + world + anchor)
        #expect(bad.status != 0)
        #expect(codes(try json(bad)).contains("dnssec-bogus"), "\(bad.stdout)")
    }

    @Test func badInput() async throws {
        for (arguments, words) in [(["example.test", "--persist", "--account-url", Self.account], "--persist needs --ca"),
                                   (["example.test", "--persist", "--ca", "letsencrypt"], "--persist needs --account-url"),
                                   (["example.test", "--persist", "--ca", "letsencrypt", "--account-url", "acct/1"], "acct/1 is not an account URL"),
                                   (["example.test", "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--expect", "x"], "--expect is for challenge values"),
                                   (["example.test", "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--at", "soon"], "is not a moment"),
                                   (["example.test", "--persist", "--ca", "letsencrypt", "--account-url", Self.account, "--account-hash-prefix", "https://ca.example/h/"], "needs --key")] {
            let result = try await TestWorld.runCLI(["txt"] + arguments + world)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "\(result.stderr)")
        }
    }

    /// --wait: rounds until every server serves a record the CA accepts; the record published mid-wait on the
    /// lagging server ends the wait, a record that never comes ends it at --wait-timeout with exit 1.
    @Test func waitUntilEveryServerHasTheRecord() async throws {
        let record = "letsencrypt.org; accounturi=\(Self.account)"
        try await withRecords([record], on: ["auth1"]) { domain in
            let owner = "_validation-persist." + String(domain.dropLast(".example.test".count))
            let publisher = Thread {
                Thread.sleep(forTimeInterval: 1.5)
                cleanUp("set-record", "auth2", "example.test", owner, "TXT", "\"\(record)\"")
            }
            publisher.start()
            defer { cleanUp("delete-record", "auth2", "example.test", owner, "TXT") }
            let waited = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account,
                                      "--wait", "--wait-timeout", "30s", "--interval", "0.5s", "--json"] + world, timeout: 60)
            #expect(waited.status == 0, "\(waited.stdout)\(waited.stderr)")
            #expect((try json(waited)["persist"] as? [String: Any])?["verdict"] as? String == "valid")

            let never = try await TestWorld.runCLI(["txt", domain, "--persist", "--ca", "letsencrypt", "--account-url", Self.account + "0",
                                     "--wait", "--wait-timeout", "2s", "--interval", "0.5s"] + world, timeout: 60)
            #expect(never.status == 1)
            #expect(never.stdout.contains("gave up after 2s: not every server has a record the CA accepts yet"), "\(never.stdout)")
        }
    }

    private func doctorItems(_ arguments: [String]) async throws -> (status: Int32, items: [String: [String: Any]]) {
        let result = try await TestWorld.runCLI(["doctor"] + arguments + ["--json"] + world, timeout: 90)
        let list = try json(result)["items"] as? [[String: Any]] ?? []
        return (result.status, Dictionary(list.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// doctor --method dns-persist-01 judges the standing record on every server, as txt --persist does.
    @Test func doctorChecksTheStandingRecord() async throws {
        try await withRecords(["letsencrypt.org; accounturi=\(Self.account)"]) { domain in
            let good = try await doctorItems([domain, "--method", "dns-persist-01", "--ca", "letsencrypt", "--account-url", Self.account])
            #expect(good.items["persist"]?["verdict"] as? String == "ok", "\(good.items["persist"] ?? [:])")
            let other = try await doctorItems([domain, "--method", "dns-persist-01", "--ca", "letsencrypt", "--account-url", Self.account + "9"])
            #expect(other.items["persist"]?["verdict"] as? String == "problem")
            #expect(other.status == 1)
        }
        try await withRecords(["letsencrypt.org; accounturi=\(Self.account)"], on: ["auth1"]) { domain in
            let stale = try await doctorItems([domain, "--method", "dns-persist-01", "--ca", "letsencrypt", "--account-url", Self.account])
            #expect(stale.items["persist"]?["verdict"] as? String == "problem", "auth2 lacks the record: \(stale.items["persist"] ?? [:])")
            #expect((stale.items["persist"]?["fix"] as? String)?.contains("_validation-persist.") == true)
        }
    }

    /// A method the BR retired is a problem (the CA may not use it), one they advise against a warning. (A name
    /// without addresses: no port to wait for.)
    /// No CA offers a file or TLS challenge for a wildcard (Boulder's policy: only the DNS methods).
    @Test func doctorRefusesAConnectingMethodForAWildcard() async throws {
        let http = try await doctorItems(["*.example.test", "--method", "http-01"])
        #expect(http.items["method"]?["verdict"] as? String == "problem", "\(http.items)")
        #expect((http.items["method"]?["detail"] as? String)?.contains("no CA offers http-01 for it") == true)
        #expect(http.status == 1)
        #expect(try await doctorItems(["*.example.test", "--method", "dns-01"]).items["method"] == nil)
    }

    /// Names Let's Encrypt's policy refuses before any validation (Boulder policy/pa.go).
    @Test func doctorNamesWhatTheCAsPolicyRefuses() async throws {
        let deep = try await doctorItems(["a.b.c.d.e.f.g.h.i.example.test"])
        #expect((deep.items["name"]?["detail"] as? String)?.contains("the name has 11 labels") == true, "\(deep.items)")
        #expect(deep.status == 1)
        let reserved = try await doctorItems(["ab--cd.example.test"])
        #expect((reserved.items["name"]?["detail"] as? String)?.contains("the label ab--cd") == true, "\(reserved.items)")
        #expect(try await doctorItems(["a.b.c.d.e.f.g.h.example.test"]).items["name"] == nil, "10 labels pass")
        #expect(try await doctorItems(["xn--fsqu00a.example.test"]).items["name"] == nil, "an A-label passes")
    }

    @Test func doctorWarnsOnRetiredMethods() async throws {
        let retired = try await doctorItems(["nothing-here.example.test", "--method", "3.2.2.4.8"])
        #expect(retired.items["method"]?["verdict"] as? String == "problem")
        #expect((retired.items["method"]?["detail"] as? String)?.contains("retired since 2026-03-15") == true)
        #expect(retired.status == 1)
        let discouraged = try await doctorItems(["nothing-here.example.test", "--method", "3.2.2.4.4"])
        #expect(discouraged.items["method"]?["verdict"] as? String == "warning", "\(discouraged.items["method"] ?? [:])")
        #expect(try await doctorItems(["nothing-here.example.test", "--method", "dns-01"]).items["method"] == nil, "dns-01 is in good standing")

        let bad = try await TestWorld.runCLI(["doctor", "nothing-here.example.test", "--method", "email"] + world)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--method \"email\" is not a validation method: use one of dns-01"))
        let noAccount = try await TestWorld.runCLI(["doctor", "nothing-here.example.test", "--method", "dns-persist-01", "--ca", "letsencrypt"] + world)
        #expect(noAccount.status == 2 && noAccount.stderr.contains("needs --account-url"))
        let badAccount = try await TestWorld.runCLI(["doctor", "nothing-here.example.test", "--method", "dns-persist-01", "--ca", "letsencrypt",
                                                     "--account-url", "acct/1"] + world)
        badAccount.expectBadInput(mentioning: "acct/1 is not an account URL")
        // Open MPIC's spelling, in another case, is the same method: the record check is never skipped silently.
        let otherSpelling = try await TestWorld.runCLI(["doctor", "nothing-here.example.test", "--method", "DNS-Persistent", "--ca", "letsencrypt"] + world)
        #expect(otherSpelling.status == 2 && otherSpelling.stderr.contains("needs --account-url"), "\(otherSpelling.stderr)")
    }
}

/// `scripts/testnet ARGS...` for cleaning up: a record already gone (another suite's `reset`) is no failure.
func cleanUp(_ arguments: String...) {
    try? TestWorld.testnet(arguments)
}
