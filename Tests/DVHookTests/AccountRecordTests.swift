import Testing
import DVChecks
@testable import DVHook

/// dns-account-01 in the hook: `--account-url` (DVTOOL_ACCOUNT_URL) puts a record named from its identifier at
/// `_<label>._acme-challenge.DOMAIN`; a full record name from the client stays as given.
@Suite struct AccountRecordTests {
    /// draft-ietf-acme-dns-account-label's example account and its label.
    static let account = "https://example.com/acme/acct/ExampleAccount"
    static let label = "ujmmovf2vn55tgye"

    func settings(accountURL: String? = nil, environment: [String: String] = [:]) throws(HookError) -> HookSettings {
        try HookSettings(flags: DNSSettings(), timeoutGiven: false, ca: nil, waitTimeout: nil, accountURL: accountURL, environment: environment)
    }

    @Test func theAccountURLGivesTheLabelFromTheFlagOrTheEnvironment() throws {
        #expect(try settings(accountURL: Self.account).accountLabel == Self.label)
        #expect(try settings(environment: ["DVTOOL_ACCOUNT_URL": Self.account]).accountLabel == Self.label)
        #expect(try settings(accountURL: Self.account, environment: ["DVTOOL_ACCOUNT_URL": "https://other.example/acct/1"]).accountLabel == Self.label)
        #expect(try settings(environment: ["DVTOOL_ACCOUNT_URL": ""]).accountLabel == nil)
        #expect(throws: HookError.self) { try settings(accountURL: "acct/123") }
        #expect(throws: HookError.self) { try settings(environment: ["DVTOOL_ACCOUNT_URL": "not a url"]) }
    }

    @Test func apexAndWildcardShareTheAccountRecord() throws {
        let environment = ["CERTBOT_DOMAIN": "*.Example.ORG", "CERTBOT_VALIDATION": "v1", "CERTBOT_ALL_DOMAINS": "example.org,*.example.org",
                           "CERTBOT_REMAINING_CHALLENGES": "0"]
        let wildcard = try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: false, accountLabel: Self.label)
        #expect(wildcard.records == [ChallengeRecord(name: "_\(Self.label)._acme-challenge.example.org.", value: "v1", wildcard: true)])
        let chain = try HookCall.parse(.dehydrated, arguments: ["deploy_challenge", "example.org", "f1", "v1", "*.example.org", "f2", "v2"],
                                       environment: [:], cleanup: false, accountLabel: Self.label)
        #expect(Set(chain.records.map(\.name)) == ["_\(Self.label)._acme-challenge.example.org."])
        let raw = try HookCall.parse(.lego, arguments: ["present", "--", "www.example.org", "token", "token.thumb"], environment: [:], cleanup: false,
                                     accountLabel: Self.label)
        #expect(raw.records.map(\.name) == ["_\(Self.label)._acme-challenge.www.example.org."])
        // Without the account URL: dns-01's name.
        #expect(try HookCall.parse(.certbot, arguments: [], environment: environment, cleanup: false).records.first?.name == "_acme-challenge.example.org.")
    }

    @Test func aFullRecordNameFromTheClientIsUsedAsGiven() throws {
        let lego = try HookCall.parse(.lego, arguments: ["present", "_acme-challenge.example.org.", "v"], environment: [:], cleanup: false, accountLabel: Self.label)
        #expect(lego.records.map(\.name) == ["_acme-challenge.example.org."])
        let acme = try HookCall.parse(.acmeSh, arguments: ["add", "_\(Self.label)._acme-challenge.example.org", "v"], environment: [:], cleanup: false,
                                      accountLabel: Self.label)
        #expect(acme.records.map(\.name) == ["_\(Self.label)._acme-challenge.example.org."])
    }

    @Test func caaIsCheckedForTheDomainUnderTheAccountLabel() throws {
        let apex = try ChallengeRecord(identifier: "example.org", value: "v", accountLabel: Self.label)
        #expect(DNSGate.caaNames(apex) == ["example.org."])
        let wildcard = try ChallengeRecord(identifier: "*.example.org", value: "v", accountLabel: Self.label)
        #expect(DNSGate.caaNames(wildcard) == ["*.example.org."])
        #expect(DNSGate.caaNames(try ChallengeRecord(fqdn: "_\(Self.label)._acme-challenge.www.example.org.", value: "v")) == ["www.example.org.", "*.www.example.org."])
    }
}
