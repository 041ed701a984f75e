import Foundation
import Testing
import DVTestSupport

/// dvtool as users run it: no DNS flags at all, on the internet in a box (`scripts/internet-box`): the IANA root
/// addresses, the system resolver from /etc/resolv.conf plus the public ones, Debian's root.key, the system trust
/// store, each on a client host of the kind users have (dual stack, IPv4 only, roots blocked, packets dropped).
@Suite("the default settings on an internet in a box (CLI)", .serialized, TestWorld.realOnly("The internet in a box (scripts/internet-box: namespaces with their own roots and resolvers)"))
struct InternetBoxTests {
    static let web4 = "93.184.215.14"
    static let web6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
    static let pki = "/tmp/dvtool-box/pki"

    init() throws {
        let status = try CLI.run(["status"], bytes: nil, timeout: 20,
                                 executable: CLI.packageRoot.appendingPathComponent("scripts/internet-box"))
        try #require(status.status == 0, "the internet in a box is not up: run scripts/internet-box up (scripts/test does)")
    }

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    private func problemCodes(_ report: [String: Any]) -> [String] {
        (report["problems"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    private func rows(_ report: [String: Any], _ key: String) -> [[String: Any]] {
        report[key] as? [[String: Any]] ?? []
    }

    @Test func resolveAsksEveryServerAndEveryDefaultResolver() throws {
        let result = try CLI.runInBox("c", ["resolve", "www.example.com", "--expect", Self.web4, "--expect", Self.web6, "--json"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try json(result)
        let servers = Set(rows(report, "authoritative").compactMap { $0["address"] as? String })
        #expect(servers == ["199.43.135.53", "199.43.133.53", "2001:500:8f::53"])
        let resolvers = Set(rows(report, "recursive").compactMap { $0["address"] as? String })
        // /etc/resolv.conf's resolver first, then the five public ones.
        #expect(resolvers == ["10.53.0.53", "1.1.1.1", "8.8.8.8", "9.9.9.9", "223.5.5.5", "119.29.29.29"])
        #expect(problemCodes(report).isEmpty, "\(report)")
    }

    @Test func anIPv4OnlyHostSaysOnceWhatItDidNotCheckAndKeepsTheVerdict() throws {
        let result = try CLI.runInBox("c4", ["resolve", "www.example.com", "--expect", Self.web4, "--expect", Self.web6])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let notChecked = result.stdout.split(separator: "\n").filter { $0.contains("[not-checked-from-here]") }
        #expect(notChecked.count == 1, "\(result.stdout)")
        #expect(notChecked.first?.contains("IPv6 addresses of example.com. not checked from here") == true)
        #expect(notChecked.first?.contains("2001:500:8f::53") == true)
        #expect(!result.stdout.contains("unreachable-server"), "\(result.stdout)")
        #expect(result.stdout.contains("ok: every server answers consistently"))
        let txt = try CLI.runInBox("c4", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value"])
        #expect(txt.status == 0, "\(txt.stdout)")
        #expect(txt.stdout.contains("[not-checked-from-here]"))
    }

    @Test func familiesCanBeChosen() throws {
        let six = try json(try CLI.runInBox("c", ["resolve", "www.example.com", "-6", "--no-recursive", "--json"]))
        #expect(Set(rows(six, "authoritative").compactMap { $0["address"] as? String }) == ["2001:500:8f::53"])
        #expect(problemCodes(six) == ["not-checked-from-here"], "\(six)")
        let four = try json(try CLI.runInBox("c", ["resolve", "www.example.com", "-4", "--no-recursive", "--json"]))
        #expect(Set(rows(four, "authoritative").compactMap { $0["address"] as? String }) == ["199.43.135.53", "199.43.133.53"])
        let both = try CLI.runInBox("c", ["resolve", "www.example.com", "-4", "-6"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("-4 and -6 exclude each other"))
    }

    @Test func oneUnroutableRootIsThatRootsFaultOnly() throws {
        // b.root has no route from this host, and its address sorts first: a send to it used to close the socket
        // every later query shared ("socket closed"), so the whole run failed.
        for _ in 0..<3 {
            let result = try CLI.runInBox("oneroot", ["resolve", "www.example.com", "--expect", Self.web4, "--expect", Self.web6])
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            #expect(!result.stdout.contains("socket closed"))
        }
        let txt = try CLI.runInBox("oneroot", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value"])
        #expect(txt.status == 0, "\(txt.stdout)")
    }

    @Test func unreachableRootsFallBackToTheResolversAndSaySo() throws {
        let result = try CLI.runInBox("noroot", ["resolve", "www.example.com", "--expect", Self.web4, "--expect", Self.web6, "--json"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try json(result)
        #expect(report["discovery"] as? String == "recursive")
        #expect(problemCodes(report) == ["discovery-fallback"], "\(report)")
        #expect(rows(report, "authoritative").count == 6)
        let text = try CLI.runInBox("noroot", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value"])
        #expect(text.status == 0, "\(text.stdout)")
        #expect(text.stdout.contains("the root servers did not answer from here"))
    }

    @Test func rootsThatSwallowQueriesCostTimeNotTheVerdict() throws {
        // Three roots and 9.9.9.9 drop every packet: the walk moves on to the others, and the silent resolver is
        // a resolver not checked (exit 3, "could not check"), never a verdict about the name.
        let started = Date()
        let result = try CLI.runInBox("drop", ["resolve", "www.example.com", "--expect", Self.web4, "--expect", Self.web6], timeout: 45)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("warning [resolver-unreachable] resolver 9.9.9.9 did not answer A from here"))
        #expect(result.stdout.contains("could not check: some servers or resolvers could not be asked from here"))
        #expect(!result.stdout.contains("FAILED"))
        let noPublic = try CLI.runInBox("drop", ["resolve", "www.example.com", "--expect", Self.web4, "--expect", Self.web6, "--no-public"])
        #expect(noPublic.status == 0, "\(noPublic.stdout)")
    }

    @Test func aSilentSystemResolverIsReportedNotWaitedFor() throws {
        let resolvConf = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-box-silent-resolv.conf")
        try "nameserver 9.9.9.9\n".write(to: resolvConf, atomically: true, encoding: .utf8)
        let started = Date()
        let result = try CLI.runInBox("drop", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value", "--no-public"],
                                      resolvConf: resolvConf.path, timeout: 45)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.status == 3, "\(result.stdout)")
        #expect(result.stdout.contains("resolver 9.9.9.9 did not answer from here"))
        #expect(!result.stdout.contains("submit to the CA"))
    }

    @Test func aSlowSystemResolverIsWaitedForWithinTheTimeout() throws {
        // 10.53.0.54 answers after 2.5 s: inside the default 3 s, and past a 1 s timeout (then not checked).
        let resolvConf = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-box-slow-resolv.conf")
        try "nameserver 10.53.0.54\n".write(to: resolvConf, atomically: true, encoding: .utf8)
        let waited = try CLI.runInBox("c", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value", "--no-public", "--json"],
                                      resolvConf: resolvConf.path)
        #expect(waited.status == 0, "\(waited.stdout)\n\(waited.stderr)")
        let row = rows(try json(waited), "recursive").first
        #expect(row?["address"] as? String == "10.53.0.54")
        #expect((row?["rttMilliseconds"] as? Double ?? 0) >= 2000, "\(String(describing: row))")
        let hurried = try CLI.runInBox("c", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value", "--no-public",
                                             "--timeout", "1s"], resolvConf: resolvConf.path)
        #expect(hurried.status == 3, "\(hurried.stdout)")
        #expect(hurried.stdout.contains("resolver 10.53.0.54 did not answer from here"))
    }

    @Test func txtSaysSubmitOnlyWhenEveryServerHasTheValue() throws {
        let good = try CLI.runInBox("c", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value"])
        #expect(good.status == 0, "\(good.stdout)\n\(good.stderr)")
        #expect(good.stdout.contains("submit to the CA"))
        let wrong = try CLI.runInBox("c", ["txt", "_acme-challenge.example.com", "--expect", "another-value"])
        #expect(wrong.status == 1, "\(wrong.stdout)")
    }

    @Test func splitAndLameDelegationsAreProblems() throws {
        let split = try CLI.runInBox("c", ["resolve", "www.split.com", "--no-dnssec"])
        #expect(split.status == 1, "\(split.stdout)")
        #expect(split.stdout.contains("servers-disagree") || split.stdout.contains("93.184.215.99"), "\(split.stdout)")
        let lame = try CLI.runInBox("c", ["resolve", "www.lame.com", "--no-dnssec"])
        #expect(lame.status == 1, "\(lame.stdout)")
        #expect(lame.stdout.contains("lame"), "\(lame.stdout)")
    }

    @Test func unsignedTLDsResolveAsInsecure() throws {
        // cn. and test. have no DS at the box's root: provably insecure, so names under them are checked unsigned.
        for name in ["www.example.cn", "www.box.test"] {
            let result = try CLI.runInBox("c", ["resolve", name, "--expect", Self.web4, "--expect", Self.web6, "--json"])
            #expect(result.status == 0, "\(name): \(result.stdout)\n\(result.stderr)")
            #expect(((try json(result))["dnssec"] as? [[String: Any]])?.first?["verdict"] as? String == "insecure", "\(name)")
        }
    }

    @Test func aParentThatAnswersSERVFAILIsNamedWithItsQuestionNotCalledLame() throws {
        // broken.com.'s only server failed to load the zone: the walk to sub.broken.com. stops there.
        let caa = try CLI.runInBox("c", ["caa", "sub.broken.com", "--ca", "letsencrypt", "--no-recursive"])
        #expect(caa.status == 3, "\(caa.stdout)\n\(caa.stderr)")
        #expect(caa.stdout.contains("198.51.100.10 answered SERVFAIL to sub.broken.com. NS (a server of broken.com.)"), "\(caa.stdout)")
        #expect(!caa.stdout.contains("lame"), "\(caa.stdout)")
        let dnssec = try CLI.runInBox("c", ["dnssec", "www.sub.broken.com", "--no-recursive"])
        #expect(dnssec.status == 3, "\(dnssec.stdout)")
        #expect(dnssec.stdout.contains("the delegation walk failed at broken.com."), "\(dnssec.stdout)")
        #expect(!dnssec.stdout.contains("answered the DNSKEY of broken.com."), "\(dnssec.stdout)")
    }

    @Test func caaAllowsTheCAAsTheReadmeShows() throws {
        let result = try CLI.runInBox("c", ["caa", "example.com", "--ca", "letsencrypt"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("allows Let's Encrypt"))
    }

    @Test func dnssecValidatesFromDebiansRootKey() throws {
        // root.key as Debian ships it (no TTL), the root serving its DNSKEY with TTL 172800, RSA/SHA-256.
        for (name, verdict, status) in [("www.example.com", "secure", Int32(0)), ("www.unsigned.com", "insecure", 0),
                                        ("www.bogus.com", "bogus", 1)] {
            let result = try CLI.runInBox("c", ["dnssec", name, "--json"])
            #expect(result.status == status, "\(name): \(result.stdout)\n\(result.stderr)")
            #expect(try json(result)["verdict"] as? String == verdict, "\(name)")
        }
        let txt = try CLI.runInBox("c", ["txt", "_acme-challenge.example.com", "--expect", "box-dns-value", "--json"])
        #expect(txt.status == 0, "\(txt.stdout)")
        #expect(((try json(txt))["dnssec"] as? [[String: Any]])?.first?["verdict"] as? String == "secure", "\(txt.stdout)")
    }

    @Test func doctorAsTheReadmeShows() throws {
        let result = try CLI.runInBox("c", ["doctor", "www.example.com", "--expect", Self.web4, "--expect", Self.web6,
                                            "--ca", "letsencrypt", "--cert", Self.pki + "/fullchain.pem",
                                            "--key", Self.pki + "/privkey.pem", "--token", "box-token",
                                            "--token-body", "box-token.box-thumbprint"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stdout.contains("problem "), "\(result.stdout)")
    }

    @Test func httpCheckAndCertProbeAsTheReadmeShows() throws {
        let fetch = try CLI.runInBox("c", ["http-check", "example.com", "--path", "/.well-known/acme-challenge/box-token",
                                           "--expect", "box-token.box-thumbprint"])
        #expect(fetch.status == 0, "\(fetch.stdout)\n\(fetch.stderr)")
        let probe = try CLI.runInBox("c", ["cert", "probe", "www.example.com:443", "--servername", "www.example.com"])
        #expect(probe.status == 0, "\(probe.stdout)\n\(probe.stderr)")
        #expect(probe.stdout.contains("verifies against the system trust store"), "\(probe.stdout)")
    }

    // lan.example.com is public DNS naming a private address (10.53.0.80) whose server the client host reaches and
    // which serves the token: a check from the user's own network passes, but every public CA drops the address
    // (Boulder's VA: "no valid A records found"), so dvtool must not say go.
    @Test func aNameOnAPrivateAddressIsNotAGoForAPublicCA() throws {
        let direct = try CLI.runInBox("c", ["http-check", "10.53.0.80", "--path", "box-token", "--expect", "box-token.box-thumbprint", "--json"])
        #expect(direct.status == 1, "an address literal is refused too: \(direct.stdout)")
        let fetch = try CLI.runInBox("c", ["http-check", "lan.example.com", "--path", "box-token", "--expect", "box-token.box-thumbprint", "--json"])
        #expect(fetch.status == 1, "\(fetch.stdout)\n\(fetch.stderr)")
        let report = try json(fetch)
        #expect(rows(report, "addresses").isEmpty, "nothing is fetched: \(fetch.stdout)")
        let reserved = (report["resolution"] as? [String: Any])?["reserved"] as? [[String: Any]] ?? []
        #expect(reserved.first?["address"] as? String == "10.53.0.80" && reserved.first?["reason"] as? String == "Private-Use, RFC 1918",
                "\(fetch.stdout)")
        let text = try CLI.runInBox("c", ["http-check", "lan.example.com", "--path", "box-token", "--expect", "box-token.box-thumbprint"])
        #expect(text.stdout.contains("reserved, no public CA connects: 10.53.0.80 (Private-Use, RFC 1918)"), "\(text.stdout)")
        #expect(text.stdout.contains("every address of lan.example.com is reserved"), "\(text.stdout)")

        let doctor = try json(try CLI.runInBox("c", ["doctor", "lan.example.com", "--json"]))
        let item = rows(doctor, "items").first { $0["id"] as? String == "reserved" }
        #expect(item?["verdict"] as? String == "problem" && doctor["status"] as? String == "problem", "\(doctor)")
        let dnsOnly = try json(try CLI.runInBox("c", ["doctor", "lan.example.com", "--method", "dns-01", "--json"]))
        #expect(rows(dnsOnly, "items").first { $0["id"] as? String == "reserved" }?["verdict"] as? String == "warning",
                "a DNS method never connects: \(dnsOnly)")
        let publicName = try json(try CLI.runInBox("c", ["doctor", "www.example.com", "--json"]))
        #expect(!rows(publicName, "items").contains { $0["id"] as? String == "reserved" })
        #expect(!rows(publicName, "items").contains { $0["id"] as? String == "name" }, "com is a public suffix: \(publicName)")
    }

    /// Under IANA's roots doctor judges names by the public suffix list as Let's Encrypt does: a name under no IANA
    /// TLD, or one that is a public suffix itself, is refused before any validation, even by a DNS method that
    /// needs no address (which would otherwise pass with warnings).
    @Test func namesNoPublicCAIssuesForAreProblems() throws {
        for (name, words) in [("printer.internal", "Domain name does not end with a valid public suffix (TLD)"),
                              ("co.uk", "Domain name is an ICANN TLD"), ("*.co.uk", "Domain name is a wildcard for an ICANN TLD")] {
            let result = try CLI.runInBox("c", ["doctor", name, "--method", "dns-01", "--json"])
            #expect(result.status == 1, "\(name): \(result.stdout)\n\(result.stderr)")
            let item = rows(try json(result), "items").first { $0["id"] as? String == "name" }
            #expect(item?["verdict"] as? String == "problem" && (item?["detail"] as? String)?.contains(words) == true, "\(name): \(item ?? [:])")
        }
    }

    /// mixed.example.com has a public and a private A record: the CA uses the public one and passes; dvtool says
    /// it ignores the other, and doctor warns.
    @Test func aPrivateAddressBesideAPublicOneIsIgnoredAsTheCADoes() throws {
        let fetch = try CLI.runInBox("c", ["http-check", "mixed.example.com", "--path", "box-token", "--expect", "box-token.box-thumbprint", "--json"])
        #expect(fetch.status == 0, "\(fetch.stdout)\n\(fetch.stderr)")
        let report = try json(fetch)
        #expect(rows(report, "addresses").compactMap { $0["address"] as? String } == [Self.web4], "\(fetch.stdout)")
        #expect((report["notes"] as? [String] ?? []).contains { $0.contains("public CAs ignore the reserved addresses of mixed.example.com (10.53.0.80: Private-Use, RFC 1918)") },
                "\(fetch.stdout)")
        let doctor = try json(try CLI.runInBox("c", ["doctor", "mixed.example.com", "--json"]))
        #expect(rows(doctor, "items").first { $0["id"] as? String == "reserved" }?["verdict"] as? String == "warning", "\(doctor)")
    }

    @Test func resolveWarnsAndExplainConfirmsTheCAsNoValidAddresses() throws {
        let resolve = try CLI.runInBox("c", ["resolve", "lan.example.com", "--json"])
        #expect(resolve.status == 0, "a warning only: dns-01 still works: \(resolve.stdout)")
        let problems = (try json(resolve))["problems"] as? [[String: Any]] ?? []
        let reserved = problems.first { $0["code"] as? String == "reserved-address" }
        #expect(reserved?["severity"] as? String == "warning" && (reserved?["message"] as? String ?? "").contains("10.53.0.80 (Private-Use, RFC 1918)"),
                "\(problems)")
        let explain = try CLI.runInBox("c", ["explain", "--run", "no valid A records found for lan.example.com", "--json"])
        #expect(explain.stdout.contains("the records point to private, loopback or reserved addresses"), "\(explain.stdout)")
    }

    @Test func redirectsPublicCAsRefuseAreBadRedirects() throws {
        for (token, says) in [("to-private", "the redirect target 10.53.0.80 is reserved (10.53.0.80: Private-Use, RFC 1918)"),
                              ("no-slash", "lacks the '/' after the domain (write `http://www.example.com/`)")] {
            let result = try CLI.runInBox("c", ["http-check", "www.example.com", "--path", token, "--json"])
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            let addresses = rows(try json(result), "addresses")
            #expect(addresses.count == 2, "IPv6 and IPv4: \(result.stdout)")
            for address in addresses {
                #expect(address["verdict"] as? String == "bad-redirect", "\(address)")
                #expect((address["message"] as? String ?? "").contains(says), "\(address)")
            }
        }
    }

    // The hook as docs/hooks.md shows it, with no DNS flags: the gate uses the default roots, resolvers and root.key,
    // before a real CA in the box (Pebble) validates.
    static let pebble = "https://10.53.0.14:14000/dir"
    static let provider = CLI.packageRoot.appendingPathComponent("scripts/internet-box").path + " provider"

    private func certbot(_ domain: String, hookOptions: String) throws -> CLI.Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-box-certbot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let hook = "\(CLI.binary.path) hook certbot --run '\(Self.provider)' --interval 1s --ca letsencrypt \(hookOptions)"
        let arguments = ["run", "c", "--", "certbot", "certonly", "--manual", "--preferred-challenges", "dns",
                         "--manual-auth-hook", hook, "--manual-cleanup-hook", hook + " --cleanup", "--server", Self.pebble,
                         "--config-dir", scratch + "/c", "--work-dir", scratch + "/w", "--logs-dir", scratch + "/l",
                         "--register-unsafely-without-email", "--agree-tos", "--non-interactive", "-d", domain]
        return try CLI.run(arguments, bytes: nil, timeout: 120, executable: CLI.packageRoot.appendingPathComponent("scripts/internet-box"))
    }

    @Test func certbotWithTheHookIssuesThroughTheDefaults() throws {
        let run = try certbot("cb\(UInt32.random(in: 0 ... .max)).unsigned.com", hookOptions: "")
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("dvtool gate: ok"), "\(run.stderr)")
        #expect(run.stdout.contains("Successfully received certificate"), "\(run.stdout)")
    }

    @Test func certbotIsStoppedBeforeTheCAWhenCAABlocksIt() throws {
        let run = try certbot("sectigo-only.unsigned.com", hookOptions: "--stop-certbot --wait-timeout 3s")
        #expect(run.status != 0)
        #expect((run.stdout + run.stderr).contains("dvtool gate: NOT READY"), "\(run.stdout)\n\(run.stderr)")
        #expect(!run.stdout.contains("Successfully received certificate"))
    }

    @Test func legoWithTheHookIssuesThroughTheDefaults() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-box-lego-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let link = scratch.appendingPathComponent("dvtool-lego").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: CLI.binary.path)
        let domain = "lego\(UInt32.random(in: 0 ... .max)).unsigned.com"
        let run = try CLI.run(["run", "c", "--", "lego", "--server", Self.pebble, "--accept-tos", "--email", "t@example.com",
                               "--path", scratch.path + "/lego", "--domains", domain, "--dns", "exec", "--dns.disable-cp", "run"],
                              bytes: nil, timeout: 120,
                              environment: ["EXEC_PATH": link, "DVTOOL_HOOK_RUN": Self.provider, "EXEC_PROPAGATION_TIMEOUT": "60",
                                            "EXEC_POLLING_INTERVAL": "1"],
                              executable: CLI.packageRoot.appendingPathComponent("scripts/internet-box"))
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("Server responded with a certificate"), "\(run.stderr)")
    }

    // mpic with remote perspectives over real OpenSSH (an sshd on each client host of the box).
    private func perspectivesFile() throws -> String {
        let lines = [("p-c", "ARIN"), ("p-c4", "RIPE"), ("p-oneroot", "APNIC"), ("p-noroot", "LACNIC"), ("p-drop", "AFRINIC")]
            .map { host, rir in "\(host) \(rir) ssh \(host) \(CLI.binary.path)" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-box-perspectives-\(UUID().uuidString).conf")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func mpicOverSSHPassesWhereEveryServerHasTheValue() throws {
        let file = try perspectivesFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try CLI.runInBox("c", ["mpic", "dcv", "example.com", "--value", "box-dns-value", "--perspectives", file, "--json"],
                                      timeout: 90)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try json(result)
        #expect(report["valid"] as? Bool == true)
        let remotes = rows(report, "remotes")
        #expect(remotes.count == 5)
        #expect(remotes.allSatisfy { $0["passed"] as? Bool == true }, "\(remotes)")
    }

    @Test func mpicsPrimaryFailsWhenOneServerLacksTheValue() throws {
        // split.com's two servers: only one has the value. A resolver's sample finds it by chance; the primary asks both.
        let file = try perspectivesFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        for _ in 0..<3 {
            let result = try CLI.runInBox("c", ["mpic", "dcv", "split.com", "--method", "dns-change", "--prefix", "_acme-challenge",
                                                "--value", "split-value", "--perspectives", file], timeout: 90)
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.contains("ns2.split.com (198.51.100.2)"), "\(result.stdout)")
        }
        let noRecursive = try CLI.runInBox("c", ["mpic", "dcv", "example.com", "--value", "box-dns-value", "--perspectives", file,
                                                 "--no-recursive", "--json"], timeout: 90)
        let primary = try json(noRecursive)["primary"] as? [String: Any]
        #expect(primary?["passed"] as? Bool == true, "\(noRecursive.stdout)")
    }
}
