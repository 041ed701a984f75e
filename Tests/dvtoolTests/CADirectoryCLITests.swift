import Foundation
import Testing
import DVTestSupport

/// `--ca` takes the ACME directory URL a client's `--server` takes, for the CA it belongs to; an unknown one is
/// refused in one line (exit 2), never taken as an issuer domain.
@Suite("--ca as an ACME directory URL (CLI)")
struct CADirectoryCLITests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    @Test func aKnownDirectoryIsItsCA() async throws {
        // example.test. has `0 issue "letsencrypt.org"`: allowed for Let's Encrypt, whichever way it is named.
        for ca in ["letsencrypt", "https://acme-v02.api.letsencrypt.org/directory", "HTTPS://acme-staging-v02.api.letsencrypt.org/directory/"] {
            let result = try await TestWorld.runCLI(["caa", "example.test", "--ca", ca, "--json"] + world)
            #expect(result.status == 0, "\(ca): \(result.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((report["ca"] as? [String: Any])?["name"] as? String == "Let's Encrypt", "\(ca)")
            #expect(report["decision"] as? String == "allowed", "\(ca)")
        }
        // Google's directory names Google Trust Services, which that record does not allow.
        let google = try await TestWorld.runCLI(["caa", "example.test", "--ca", "https://dv.acme-v02.api.pki.goog/directory"] + world)
        #expect(google.status == 1, "\(google.stdout)")
        #expect(google.stdout.contains("Google Trust Services"))
    }

    @Test func anUnknownDirectoryIsOneClearLine() async throws {
        let result = try await TestWorld.runCLI(["caa", "example.test", "--ca", "https://127.53.60.1:14000/dir"] + world)
        result.expectBadInput(mentioning: "unknown ACME directory \"https://127.53.60.1:14000/dir\": name its CA instead (letsencrypt, digicert")
    }
}
