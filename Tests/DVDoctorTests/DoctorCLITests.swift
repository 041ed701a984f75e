import Foundation
import Testing
import DVTestSupport

/// `dvtool doctor` end to end against the DNS world, the nginx TLS cases (`scripts/tls-servers up`) and the
/// nginx HTTP cases (`scripts/http-servers up`). Every name used resolves to 127.53.80.x or 127.53.70.x:
/// nothing is ever contacted off the machine.
@Suite("dvtool doctor (CLI)")
struct DoctorCLITests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
    let pki = ProcessInfo.processInfo.environment["DVTOOL_PKI_DIR"] ?? "/tmp/dvtool-pki"

    func items(_ output: String) throws -> [String: [String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let list = try #require(json["items"] as? [[String: Any]])
        let pairs = try list.map { item in (try #require(item["id"] as? String, "an item without an id: \(item)"), item) }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    @Test(TestWorld.realOnly("The live certificate comes from the nginx TLS servers (scripts/tls-servers)")) func healthySiteHasNoProblem() async throws {
        let result = try await TestWorld.runCLI(["doctor", "valid.tls.example.test", "--expect", "127.53.80.1", "--ca", "letsencrypt",
                                  "--ca-file", "\(pki)/root.crt", "--cert", "\(pki)/valid.fullchain.pem", "--key", "\(pki)/valid.key",
                                  "--json"] + world)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let byID = try items(result.stdout)
        for id in ["dns", "caa", "port-80", "port-443", "path"] {
            #expect(byID[id]?["verdict"] as? String == "ok", "\(id): \(byID[id] ?? [:])")
        }
        #expect(byID.keys.contains { $0.hasPrefix("tls.") }, "the live certificate was checked")
        #expect(byID.keys.contains { $0.hasPrefix("files.") }, "the local files were checked")
        #expect(!byID.values.contains { $0["verdict"] as? String == "problem" })
    }

    /// No server reachable: a network outage here, not a DNS fault; nothing is FAILED, no record change is advised.
    @Test func nothingReachableIsCouldNotCheckWithoutRecordFixes() async throws {
        let hints = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-doctor-dead-\(getpid()).hints")
        try ". 3600000 NS a.root.\na.root. 3600000 A 127.53.2.1\n".write(to: hints, atomically: true, encoding: .utf8)
        let dead = ["--root-hints", hints.path, "--resolver", "127.53.2.1"]
        let text = try await TestWorld.runCLI(["doctor", "www.example.test", "--ca", "letsencrypt"] + dead, timeout: 120)
        #expect(text.status == 3, "\(text.stdout)")
        #expect(!text.stdout.contains("FAILED"), "\(text.stdout)")
        #expect(!text.stdout.contains("fix:"), "\(text.stdout)")
        #expect(!text.stdout.contains("unknown"), "\(text.stdout)")
        #expect(text.stdout.contains("could not check CAA allows Let's Encrypt"), "\(text.stdout)")
        // With a DNS method too: the CA's TXT lookup needs the same servers, so nothing turns into a mere warning.
        for method in [[], ["--method", "dns-01"]] {
            let json = try await TestWorld.runCLI(["doctor", "www.example.test", "--ca", "letsencrypt", "--json"] + method + dead, timeout: 120)
            #expect(json.status == 3, "\(method)")
            for (id, item) in try items(json.stdout) {
                #expect(item["verdict"] as? String == "could-not-check", "\(method) \(id): \(item)")
                #expect(item["fix"] == nil, "\(id) could not be checked, so it advises no change: \(item)")
            }
        }
    }

    /// A DNS method, or a wildcard name (validated through DNS only), never makes the CA connect: a name without an
    /// address is then a warning for the site, not a problem for the certificate. http-01 still needs the address;
    /// a name that does not exist (nothing below it does either, `_acme-challenge` included) and servers that fail
    /// the lookup fail dns-01 too.
    @Test func aCAThatOnlyReadsDNSNeedsNoAddress() async throws {
        let dns01 = try await TestWorld.runCLI(["doctor", "nodata.example.test", "--method", "dns-01", "--json"] + world)
        #expect(dns01.status == 0, "\(dns01.stdout)\n\(dns01.stderr)")
        let rows = try items(dns01.stdout)
        for id in ["dns", "ports"] {
            #expect(rows[id]?["verdict"] as? String == "warning", "\(id): \(rows[id] ?? [:])")
            #expect((rows[id]?["detail"] as? String)?.hasSuffix("dns-01 does not connect to the server, so the CA does not need this (the site does)") == true,
                    "\(id): \(rows[id] ?? [:])")
        }
        for (name, method) in [("nodata.example.test", "http-01"), ("nothing-here.example.test", "dns-01"), ("www.lame.test", "dns-01")] {
            let result = try await TestWorld.runCLI(["doctor", name, "--method", method, "--json"] + world)
            #expect(result.status == 1, "\(name) \(method): \(result.stdout)")
            #expect(try items(result.stdout)["dns"]?["verdict"] as? String == "problem", "\(name) \(method): \(result.stdout)")
        }

        let wildcard = try await TestWorld.runCLI(["doctor", "*.example.test"] + world)
        #expect(wildcard.status == 0, "\(wildcard.stdout)\n\(wildcard.stderr)")
        #expect(wildcard.stdout.contains("warning DNS points at the server: *.example.test. does not exist (NXDOMAIN)"), "\(wildcard.stdout)")
        #expect(wildcard.stdout.contains("CAs validate a wildcard through DNS only"), "\(wildcard.stdout)")
        let wildcardHTTP = try await TestWorld.runCLI(["doctor", "*.example.test", "--method", "http-01", "--json"] + world)
        #expect(wildcardHTTP.status == 1, "\(wildcardHTTP.stdout)")
        #expect(try items(wildcardHTTP.stdout)["method"]?["verdict"] as? String == "problem")
    }

    @Test(TestWorld.realOnly("The expired certificate is served by the nginx TLS servers (scripts/tls-servers)")) func expiredLiveCertificateIsAProblemWithAFix() async throws {
        let result = try await TestWorld.runCLI(["doctor", "expired.tls.example.test", "--expect", "127.53.80.2", "--ca-file", "\(pki)/root.crt"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("problem"))
        #expect(result.stdout.lowercased().contains("expired"))
        #expect(result.stdout.contains("fix:"))
    }

    @Test func caaBlockingTheChosenCAIsAProblem() async throws {
        let result = try await TestWorld.runCLI(["doctor", "valid.tls.example.test", "--ca", "digicert", "--ca-file", "\(pki)/root.crt", "--json"] + world)
        #expect(result.status == 1)
        let byID = try items(result.stdout)
        #expect(byID["caa"]?["verdict"] as? String == "problem")
        #expect((byID["caa"]?["fix"] as? String)?.contains("digicert.com") == true)
    }

    @Test(TestWorld.realOnly("The token is served by the nginx HTTP servers (scripts/http-servers)")) func tokenItemFetchesTheTokenAsACAWould() async throws {
        let token = ["--token", "ok-token", "--token-body", "ok-token.thumbprint", "--json"]
        let served = try await TestWorld.runCLI(["doctor", "http-ok.example.test"] + token + world)
        let ok = try items(served.stdout)
        #expect(ok["http"]?["verdict"] as? String == "ok", "\(ok["http"] ?? [:])")
        let wrong = try await TestWorld.runCLI(["doctor", "http-wrong.example.test"] + token + world)
        #expect(wrong.status == 1)
        let problem = try items(wrong.stdout)
        #expect(problem["http"]?["verdict"] as? String == "problem", "\(problem["http"] ?? [:])")
        #expect(problem["http"]?["fix"] is String)
    }

    @Test func badInputExitsTwo() async throws {
        let bad = try await TestWorld.runCLI(["doctor", "valid.tls.example.test", "--expect", "not-an-ip"] + world)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--expect \"not-an-ip\""))
        let keyOnly = try await TestWorld.runCLI(["doctor", "valid.tls.example.test", "--key", "k.pem"] + world)
        #expect(keyOnly.status == 2)
        #expect(keyOnly.stderr.contains("--key needs --cert"))
    }
}
