import Foundation
import Testing
import DVTestSupport

/// `hook --account-url` (dns-account-01) against the DNS world: the gate waits for the value at
/// `_<label>._acme-challenge.DOMAIN`, published under a name of this test's own, not at dns-01's name.
@Suite("hook: dns-account-01 with --account-url", .serialized)
struct HookAccountCLITests {
    @Test func theGateChecksTheAccountRecord() async throws {
        let run = UInt32.random(in: 0 ... .max)
        let domain = "dvhookacct\(run).example.test"
        let url = "https://127.53.60.1:14000/my-account/\(run)"
        let owner = "_\(try Python.dnsAccountLabel(url))._acme-challenge.dvhookacct\(run)"
        let value = "hook-acct-value-\(run)"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-hook-acct-\(run)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer {
            for instance in ["auth1", "auth2"] { cleanUp("delete-record", instance, "example.test", owner, "TXT") }
            cleanUp("flush", domain)
            try? FileManager.default.removeItem(at: scratch)
        }
        for instance in ["auth1", "auth2"] { try testnet("set-record", instance, "example.test", owner, "TXT", "\"\(value)\"") }
        let environment = ["DVTOOL_HOOK_RUN": "true", "DVTOOL_WAIT_TIMEOUT": "3s", "DVTOOL_ROOT_HINTS": CLI.rootHints,
                           "DVTOOL_RESOLVER": "127.53.53.53", "DVTOOL_STATE_DIR": scratch.path]
        let call = ["hook", "dehydrated", "--interval", "1s", "--json", "--", "deploy_challenge", "*." + domain, "file", value]
        let ready = try await TestWorld.runCLI(call.prefix(2) + ["--account-url", url] + call.dropFirst(2), timeout: 60, environment: environment)
        #expect(ready.status == 0, "\(ready.stdout)\n\(ready.stderr)")
        #expect(ready.stdout.contains("\"\(owner).example.test.\""), "\(ready.stdout)")
        let fromEnvironment = try await TestWorld.runCLI(call, timeout: 60, environment: environment.merging(["DVTOOL_ACCOUNT_URL": url]) { $1 })
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stdout)\n\(fromEnvironment.stderr)")
        // Without the account URL the gate looks at dns-01's name, where nothing is published.
        let dns01 = try await TestWorld.runCLI(call, timeout: 60, environment: environment)
        #expect(dns01.status == 1, "\(dns01.stdout)\n\(dns01.stderr)")
        #expect(dns01.stdout.contains("_acme-challenge.\(domain)"), "\(dns01.stdout)")
        let bad = try await TestWorld.runCLI(call.prefix(2) + ["--account-url", "acct/1"] + call.dropFirst(2), timeout: 30, environment: environment)
        #expect(bad.status == 2 && bad.stderr.contains("--account-url"), "\(bad.stderr)")
    }
}
