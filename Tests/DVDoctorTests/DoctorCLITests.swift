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
        return Dictionary(list.map { ($0["id"] as! String, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func healthySiteHasNoProblem() throws {
        let result = try CLI.run(["doctor", "valid.tls.example.test", "--expect", "127.53.80.1", "--ca", "letsencrypt",
                                  "--ca-file", "\(pki)/root.crt", "--cert", "\(pki)/valid.fullchain.pem", "--key", "\(pki)/valid.key",
                                  "--json"] + world)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let byID = try items(result.stdout)
        for id in ["dns", "caa", "port-80", "port-443"] {
            #expect(byID[id]?["verdict"] as? String == "ok", "\(id): \(byID[id] ?? [:])")
        }
        #expect(byID.keys.contains { $0.hasPrefix("tls.") }, "the live certificate was checked")
        #expect(byID.keys.contains { $0.hasPrefix("files.") }, "the local files were checked")
        #expect(!byID.values.contains { $0["verdict"] as? String == "problem" })
    }

    @Test func expiredLiveCertificateIsAProblemWithAFix() throws {
        let result = try CLI.run(["doctor", "expired.tls.example.test", "--expect", "127.53.80.2", "--ca-file", "\(pki)/root.crt"] + world)
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("problem"))
        #expect(result.stdout.lowercased().contains("expired"))
        #expect(result.stdout.contains("fix:"))
    }

    @Test func caaBlockingTheChosenCAIsAProblem() throws {
        let result = try CLI.run(["doctor", "valid.tls.example.test", "--ca", "digicert", "--ca-file", "\(pki)/root.crt", "--json"] + world)
        #expect(result.status == 1)
        let byID = try items(result.stdout)
        #expect(byID["caa"]?["verdict"] as? String == "problem")
        #expect((byID["caa"]?["fix"] as? String)?.contains("digicert.com") == true)
    }

    @Test func tokenItemFetchesTheTokenAsACAWould() throws {
        let token = ["--token", "ok-token", "--token-body", "ok-token.thumbprint", "--json"]
        let served = try CLI.run(["doctor", "http-ok.example.test"] + token + world)
        let ok = try items(served.stdout)
        #expect(ok["http"]?["verdict"] as? String == "ok", "\(ok["http"] ?? [:])")
        let wrong = try CLI.run(["doctor", "http-wrong.example.test"] + token + world)
        #expect(wrong.status == 1)
        let problem = try items(wrong.stdout)
        #expect(problem["http"]?["verdict"] as? String == "problem", "\(problem["http"] ?? [:])")
        #expect(problem["http"]?["fix"] is String)
    }

    @Test func badInputExitsTwo() throws {
        let bad = try CLI.run(["doctor", "valid.tls.example.test", "--expect", "not-an-ip"] + world)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--expect \"not-an-ip\""))
        let keyOnly = try CLI.run(["doctor", "valid.tls.example.test", "--key", "k.pem"] + world)
        #expect(keyOnly.status == 2)
        #expect(keyOnly.stderr.contains("--key needs --cert"))
    }
}
