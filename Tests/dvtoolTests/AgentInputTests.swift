import Foundation
import Testing
import DVTestSupport

/// `dvtool agent` on requests that could pass on anything: refused as malformed, in Open MPIC's error shape.
@Suite("dvtool agent input")
struct AgentInputTests {
    @Test(arguments: [#"{"domain_or_ip_target":"example.test","dcv_check_parameters":{"validation_method":"acme-http-01"}}"#,
                      #"{"domain_or_ip_target":"example.test","dcv_check_parameters":{"validation_method":"acme-dns-01","key_authorization_hash":""}}"#,
                      #"{"domain_or_ip_target":"example.test","dcv_check_parameters":{"validation_method":"dns-change"}}"#,
                      "not json at all"])
    func requestsWithoutWhatTheyLookForFail(_ line: String) async throws {
        let result = try await TestWorld.runCLI(["agent", "--stdio", "--code", "t", "--resolver", "127.53.53.53", "--root-hints", CLI.rootHints], input: line + "\n")
        #expect(result.status == 0)
        let response = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(response["check_passed"] as? Bool == false)
        #expect(((response["errors"] as? [[String: Any]])?.first?["error_type"] as? String) == "mpic_error:malformed")
    }
}
