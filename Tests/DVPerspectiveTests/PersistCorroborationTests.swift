@testable import DVPerspective
import Testing

/// BR 3.2.2.9 for dns-persist-01: a remote corroborates only with the primary's accounturi, and the quorum counts
/// the rest as failing.
@Suite struct PersistCorroborationTests {
    static let account = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/1"

    func result(_ code: String, rir: String, passed: Bool = true, accountURI: String?) -> PerspectiveResult {
        var details = MPICResponse.Details()
        details.persistAccountURI = accountURI
        details.persistVerdict = passed ? "valid" : "unauthorized"
        let response = MPICResponse(perspectiveCode: code, checkType: .dcv, checkPassed: passed, errors: [], details: details, timestampNanoseconds: 0)
        return PerspectiveResult(code: code, rir: rir, asked: true, passed: passed, detail: passed ? "passed" : "failed", response: response)
    }

    @Test func anotherAccountURIDoesNotCorroborate() {
        let primary = result("p0", rir: "ARIN", accountURI: Self.account)
        let other = result("p1", rir: "RIPE", accountURI: Self.account + "0").corroborating(primary)
        #expect(!other.passed)
        #expect(other.detail.contains("saw accounturi \"\(Self.account)0\", the primary \"\(Self.account)\""), "\(other.detail)")
        #expect(result("p2", rir: "RIPE", accountURI: Self.account).corroborating(primary).passed)
        // An Open MPIC perspective reports no accounturi: it judged expected_account_uri itself.
        #expect(result("p3", rir: "APNIC", accountURI: nil).corroborating(primary).passed)
        #expect(!result("p4", rir: "APNIC", passed: false, accountURI: nil).corroborating(primary).passed)
    }

    @Test func twoOtherAccountsFailTheQuorum() {
        let primary = result("p0", rir: "ARIN", accountURI: Self.account)
        let remotes = [result("p1", rir: "RIPE", accountURI: Self.account), result("p2", rir: "APNIC", accountURI: Self.account),
                       result("p3", rir: "ARIN", accountURI: "https://other.example/acct/2"), result("p4", rir: "RIPE", accountURI: "https://other.example/acct/2")]
            .map { $0.corroborating(primary) }
        let request = MPICRequest(target: "example.test", dcv: .init(validationMethod: "dns-persistent"))
        let report = MPICReport(request: request, primary: primary, remotes: remotes)
        #expect(!report.valid && report.quorum.result == "2/4")
        #expect(report.message?.hasPrefix("During secondary validation: saw accounturi \"https://other.example/acct/2\"") == true, "\(report.message ?? "")")
        let oneOff = MPICReport(request: request, primary: primary, remotes: Array(remotes.prefix(3)) + [result("p4", rir: "RIPE", accountURI: Self.account)])
        #expect(oneOff.valid && oneOff.quorum.result == "3/4")
    }
}
