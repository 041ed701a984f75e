import Foundation
import Testing
import DVTestSupport

/// `txt --account-url` (dns-account-01) against the DNS world: the derived name, a CNAME into another zone
/// (each account's label pointing at its own solver), a wildcard, and the name missing.
@Suite("dvtool txt --account-url (dns-account-01)", .serialized)
struct DNSAccountCLITests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    @Test func derivedNameFollowsACNAMEToTheAccountsSolverInAnotherZone() async throws {
        let run = UInt32.random(in: 0 ... .max)
        let url = "https://127.53.60.1:14000/my-account/\(run)"
        let value = "acct-value-\(run)"
        try await withAccountSolver(prefix: "dvacct", url: url, value: value) { domain, owner, solver in
            for name in [domain, "*." + domain, domain.uppercased()] {
                let result = try await TestWorld.runCLI(["txt", name, "--account-url", url, "--expect", value, "--json"] + world)
                #expect(result.status == 0, "\(name): \(result.stdout)\(result.stderr)")
                let report = try json(result)
                #expect(report["name"] as? String == "\(owner).example.test.", "\(name)")
                #expect(report["effectiveName"] as? String == solver, "\(name)")
                #expect((report["cnameChain"] as? [String])?.contains(solver) == true, "\(name)")
            }
            // Another account (the staging URL for the same id) derives another name, where nothing is published.
            let other = try await TestWorld.runCLI(["txt", domain, "--account-url", url + "/", "--expect", value, "--json"] + world)
            #expect(other.status == 1, "\(other.stdout)")
            #expect(try json(other)["name"] as? String != "\(owner).example.test.")
        }
    }

    /// CAA's accounturi (RFC 8657) is the same plain account URL: --account-url gives it, and the method, to the CAA check.
    @Test func theCAACheckGetsTheAccountAndTheMethod() async throws {
        let account = "https://acme-v02.api.letsencrypt.org/acme/acct/1"
        for (arguments, method) in [(["--account-url", account], "dns-account-01"), (["--persist", "--account-url", account], "dns-persist-01")] {
            let result = try await TestWorld.runCLI(["txt", "caa-account.example.test", "--ca", "letsencrypt", "--json"] + arguments + world)
            let caa = try #require(try json(result)["caa"] as? [String: Any], "\(result.stdout)")
            #expect(caa["accountURI"] as? String == account)
            #expect(caa["method"] as? String == method)
            #expect(caa["decision"] as? String == "allowed", "\(caa)")
        }
        let other = try await TestWorld.runCLI(["txt", "caa-account.example.test", "--ca", "letsencrypt", "--json", "--account-url", account + "2"] + world)
        #expect((try json(other)["caa"] as? [String: Any])?["decision"] as? String != "allowed")
        #expect(other.status == 1)
    }

    @Test func aRecordNameWithAccountURLIsBadInput() async throws {
        let result = try await TestWorld.runCLI(["txt", "_acme-challenge.example.test", "--account-url", "https://ca.example/acct/1"] + world)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("dvtool: error: with --account-url give the domain"), "\(result.stderr)")
        let bad = try await TestWorld.runCLI(["txt", "example.test", "--account-url", "not a url"] + world)
        #expect(bad.status == 2 && bad.stderr.contains("whitespace"), "\(bad.stderr)")
    }
}
