import Testing
import DVCrypto
import DVHook

@Suite struct HookCallTests {
    @Test func certbotKeepsTheOrderAndGatesAfterTheLastChallenge() throws {
        var environment = ["CERTBOT_DOMAIN": "*.Example.COM", "CERTBOT_VALIDATION": "v1", "CERTBOT_ALL_DOMAINS": "example.com,*.example.com",
                           "CERTBOT_REMAINING_CHALLENGES": "1"]
        let first = try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: false)
        #expect(first.records == [ChallengeRecord(name: "_acme-challenge.example.com.", value: "v1", wildcard: true)])
        #expect(!first.gateNow && first.stateKey == "certbot example.com,*.example.com")
        environment["CERTBOT_REMAINING_CHALLENGES"] = "0"
        #expect(try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: false).gateNow)
        #expect(try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: true).phase == .cleanup)
        environment["CERTBOT_TOKEN"] = "tok"
        let http = try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: false)
        #expect(http.http01?.token == "tok" && http.http01?.keyAuthorization == "v1" && http.records.isEmpty)
        environment["CERTBOT_DOMAIN"] = nil
        #expect(throws: HookError.self) { try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: false) }
    }

    @Test func legoPlainAndRawModes() throws {
        let plain = try HookCall.parse(.lego, arguments: ["present", "_acme-challenge.example.com.", "-value"], environment: [:], cleanup: false)
        #expect(plain.records == [ChallengeRecord(name: "_acme-challenge.example.com.", value: "-value")] && plain.gateNow)
        #expect(plain.providerArguments == ["present", "_acme-challenge.example.com.", "-value"])
        // RAW mode: the TXT value is base64url(SHA-256(key authorization)) (RFC 8555 §8.4).
        let raw = try HookCall.parse(.lego, arguments: ["present", "--", "example.com", "token", "token.thumb"], environment: [:], cleanup: false)
        #expect(raw.records.first?.value == Base64URL.encode(try Digest.sha256(Array("token.thumb".utf8))))
        #expect(try HookCall.parse(.lego, arguments: ["cleanup", "_acme-challenge.example.com.", "v"], environment: [:], cleanup: false).phase == .cleanup)
        for bad in [[], ["present"], ["unpresent", "a.", "v"], ["present", "--", "a", "b"]] {
            #expect(throws: HookError.self, "\(bad)") { try HookCall.parse(.lego, arguments: bad, environment: [:], cleanup: false) }
        }
    }

    @Test func dehydratedChainsAndPassesOtherOperations() throws {
        let chain = try HookCall.parse(.dehydrated, arguments: ["deploy_challenge", "example.com", "f1", "v1", "*.example.com", "f2", "v2"],
                                       environment: [:], cleanup: false)
        #expect(chain.records.map(\.value) == ["v1", "v2"] && Set(chain.records.map(\.name)) == ["_acme-challenge.example.com."])
        #expect(try HookCall.parse(.dehydrated, arguments: ["deploy_cert", "example.com", "k", "c"], environment: [:], cleanup: false).phase == .other)
        #expect(throws: HookError.self) { try HookCall.parse(.dehydrated, arguments: ["deploy_challenge", "example.com", "f1"], environment: [:], cleanup: false) }
    }

    @Test func acmeShKeysTheStateByName() throws {
        let add = try HookCall.parse(.acmeSh, arguments: ["add", "_acme-challenge.example.com", "v"], environment: [:], cleanup: false)
        #expect(add.stateKey == "acme.sh _acme-challenge.example.com." && add.gateNow)
        #expect(throws: HookError.self) { try HookCall.parse(.acmeSh, arguments: ["add", "x"], environment: [:], cleanup: false) }
        #expect(throws: HookError.self) { try HookCall.parse(.acmeSh, arguments: ["add", "not a name!", "v"], environment: [:], cleanup: false) }
    }
}
