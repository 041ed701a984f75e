import Foundation
import Testing
import DVTestSupport

/// `mpic --method dns-persist-01` and `--method dns-account-01` over `dvtool agent` remotes in the root namespace
/// (the records are the world's, published under names of this test's own): every perspective seeing the record,
/// a remote that cannot see it (its "resolver" is an authoritative server that does not recurse), one server of
/// the zone lacking it, and the wrong account.
@Suite("dvtool mpic: dns-persist-01 and dns-account-01", .serialized)
struct MPICMethods2026Tests {
    static let account = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/424242"
    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-mpic26-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// The primary in the mpic process, four remotes as agents; `blind` of them ask a server that does not recurse.
    private func perspectives(blind: Int = 0) throws -> String {
        let remotes = zip(["p1", "p2", "p3", "p4"], ["RIPE", "APNIC", "ARIN", "RIPE"]).enumerated().map { index, perspective in
            let resolver = index >= 4 - blind ? "127.53.1.2" : "127.53.53.53"
            return "\(perspective.0) \(perspective.1) command \(CLI.binary.path) agent --stdio --code \(perspective.0) --resolver \(resolver) --connect-reserved"
        }
        let file = scratch.appendingPathComponent("perspectives-\(UUID().uuidString.prefix(6)).conf")
        try ((["primary p0 ARIN local"] + remotes).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    private func mpic(_ arguments: [String], blind: Int = 0) async throws -> (CLI.Result, [String: Any]) {
        let result = try await TestWorld.runCLI(["mpic", "dcv"] + arguments + ["--perspectives", try perspectives(blind: blind), "--perspective-timeout", "10",
                                                                "--at", "2026-12-01", "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints, "--json"], timeout: 90)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        return (result, json)
    }

    private func remotes(_ report: [String: Any]) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: (report["remotes"] as? [[String: Any]] ?? []).map { ($0["code"] as? String ?? "", $0) })
    }

    /// Publishes `record` at `_validation-persist.dvmpic<random>.example.test` on `instances`, runs `body` with the
    /// domain, then deletes it.
    private func withPersistRecord(_ record: String, on instances: [String] = ["auth1", "auth2"], _ body: (String) async throws -> Void) async throws {
        let label = "dvmpic\(UInt32.random(in: 0 ... .max))"
        let owner = "_validation-persist." + label
        defer {
            for instance in ["auth1", "auth2"] { cleanUp("delete-record", instance, "example.test", owner, "TXT") }
            cleanUp("flush", "\(label).example.test")
        }
        for instance in instances { try testnet("set-record", instance, "example.test", owner, "TXT", "\"\(record)\"") }
        try await body("\(label).example.test")
    }

    private func persist(_ domain: String, account: String = account, blind: Int = 0) async throws -> (CLI.Result, [String: Any]) {
        try await mpic([domain, "--method", "dns-persist-01", "--ca", "letsencrypt", "--account-url", account], blind: blind)
    }

    @Test func persistSeenByEveryPerspectiveIsCorroborated() async throws {
        try await withPersistRecord("letsencrypt.org; accounturi=\(Self.account)") { domain in
            let (result, report) = try await persist(domain)
            #expect(result.status == 0 && report["valid"] as? Bool == true, "\(result.stdout)\(result.stderr)")
            #expect((report["quorum"] as? [String: Any])?["result"] as? String == "4/4")
            for (code, remote) in remotes(report) {
                let details = (remote["response"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["dvtool_persist_accounturi"] as? String == Self.account, "\(code): \(remote)")
                #expect(details?["dvtool_persist_verdict"] as? String == "valid", "\(code)")
            }
            let request = (report["request"] as? [String: Any])?["dcv_check_parameters"] as? [String: Any]
            #expect(request?["validation_method"] as? String == "dns-persistent" && request?["expected_account_uri"] as? String == Self.account)
        }
    }

    @Test func persistRemotesThatCannotSeeItCountAgainstTheQuorum() async throws {
        try await withPersistRecord("letsencrypt.org; accounturi=\(Self.account)") { domain in
            let (one, oneReport) = try await persist(domain, blind: 1)
            #expect(one.status == 0, "3 of 4 corroborate: \(one.stdout)")
            #expect(remotes(oneReport)["p4"]?["passed"] as? Bool == false)
            let (two, twoReport) = try await persist(domain, blind: 2)
            #expect(two.status == 1 && twoReport["valid"] as? Bool == false, "\(two.stdout)")
            #expect((twoReport["quorum"] as? [String: Any])?["result"] as? String == "2/4")
            #expect((twoReport["message"] as? String)?.hasPrefix("During secondary validation: DNS problem: query timed out looking up TXT for _validation-persist.\(domain)") == true,
                    "\(twoReport["message"] ?? "")")
        }
    }

    @Test func persistMissingOnOneServerFailsAtThePrimaryNamingIt() async throws {
        try await withPersistRecord("letsencrypt.org; accounturi=\(Self.account)", on: ["auth1"]) { domain in
            let (result, report) = try await persist(domain)
            #expect(result.status == 1, "\(result.stdout)")
            let message = report["message"] as? String ?? ""
            #expect(message.contains("No TXT record found for DNS-PERSIST-01 challenge") && message.contains("127.53.1.2") && !message.contains("127.53.1.1)"), "\(message)")
            #expect(remotes(report).values.allSatisfy { $0["asked"] as? Bool == false })
        }
    }

    @Test func persistForAnotherAccountIsRefused() async throws {
        try await withPersistRecord("letsencrypt.org; accounturi=\(Self.account)") { domain in
            let (result, report) = try await persist(domain, account: Self.account + "0")
            #expect(result.status == 1 && report["valid"] as? Bool == false, "\(result.stdout)")
            #expect((report["message"] as? String)?.contains("accounturi mismatch: expected \"\(Self.account)0\", got \"\(Self.account)\"") == true, "\(report["message"] ?? "")")
        }
        let bad = try await TestWorld.runCLI(["mpic", "dcv", "example.test", "--method", "dns-persist-01", "--account-url", Self.account, "--perspectives", try perspectives()])
        #expect(bad.status == 2 && bad.stderr.contains("dns-persist-01 needs --ca"), "\(bad.stderr)")
    }

    @Test func accountLabelThroughACNAMEIsCorroboratedAndAnotherAccountRefused() async throws {
        let value = "acct-value-\(UInt32.random(in: 0 ... .max))"
        try await withAccountSolver(prefix: "dvmpicacct", url: Self.account, value: value) { domain, _, solver in
            let (result, report) = try await mpic(["*." + domain, "--method", "dns-account-01", "--account-url", Self.account, "--value", value], blind: 1)
            #expect(result.status == 0 && report["valid"] as? Bool == true, "\(result.stdout)\(result.stderr)")
            #expect((report["quorum"] as? [String: Any])?["result"] as? String == "3/4")
            let p1 = (remotes(report)["p1"]?["response"] as? [String: Any])?["details"] as? [String: Any]
            #expect((p1?["cname_chain"] as? [String])?.contains(solver) == true, "\(p1 ?? [:])")
            #expect((remotes(report)["p4"]?["detail"] as? String)?.hasSuffix("(account: \"\(Self.account)\")") == true)

            let (other, otherReport) = try await mpic([domain, "--method", "dns-account-01", "--account-url", Self.account + "/", "--value", value])
            #expect(other.status == 1, "\(other.stdout)")
            #expect((otherReport["message"] as? String)?.hasSuffix("(account: \"\(Self.account)/\")") == true, "\(otherReport["message"] ?? "")")
            let wrongValue = try await mpic([domain, "--method", "dns-account-01", "--account-url", Self.account, "--value", "another"]).1
            #expect((wrongValue["message"] as? String)?.contains("\"\(value)\"") == true, "\(wrongValue["message"] ?? "")")
        }
    }
}
