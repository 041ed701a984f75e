import Testing
@testable import DVHook

@Suite struct GateRulesTests {
    @Test func caaIsCheckedForTheWildcardWhenTheOrderHasOne() throws {
        #expect(DNSGate.caaNames(try ChallengeRecord(identifier: "*.example.com", value: "v")) == ["*.example.com."])
        #expect(DNSGate.caaNames(try ChallengeRecord(identifier: "example.com", value: "v")) == ["example.com."])
        // lego and acme.sh pass only the TXT name: both rules apply.
        #expect(DNSGate.caaNames(try ChallengeRecord(fqdn: "_acme-challenge.example.com.", value: "v")) == ["example.com.", "*.example.com."])
    }
}
