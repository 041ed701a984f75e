import Testing
import DVExplain

/// A CA's error that quotes a mainland China provider's ICP block page: the page, not the user's server, answered
/// the challenge, and `dvtool path` is the check that names the provider (`icp-blocked`).
@Suite struct ICPExplainTests {
    @Test func boulderQuotesTencentsWebblockRedirectTarget() {
        // Boulder names the last URL of the redirect chain; Tencent's interceptor redirects to webblock.html?d=DOMAIN.
        let certbot = """
            Certbot failed to authenticate some domains (authenticator: webroot). The Certificate Authority reported these problems:
              Domain: shop.example.cn
              Type:   unauthorized
              Detail: 203.0.113.7: Invalid response from https://dnspod.qcloud.com/static/webblock.html?d=shop.example.cn: "<!DOCTYPE html><html><head><meta charset=\\"utf-8\\"><title>网站暂时无法访问</title>"
            """
        let explanation = Explainer.explain(certbot)
        #expect(explanation.pattern == "icp-block-page", "not the generic body-too-long entry")
        #expect(explanation.command == ["path", "shop.example.cn"], "the domain from d=, not the block page's host")
        #expect(explanation.causes.contains { $0.contains("ICP filing") })
    }

    @Test func aQuotedAlibabaBlockPageTakesTheDomainFromTheClientsFraming() {
        // lego's whole run as it prints it: the log lines, then the error under "one or more domains had a problem".
        let lego = #"""
            2026/12/07 10:00:00 [INFO] [www.example.cn] acme: Obtaining bundled SAN certificate
            2026/12/07 10:00:01 [INFO] [www.example.cn] AuthURL: https://acme-v02.api.letsencrypt.org/acme/authz-v3/123
            2026/12/07 10:00:01 [INFO] [www.example.cn] acme: use http-01 solver
            2026/12/07 10:00:01 [INFO] [www.example.cn] acme: Trying to solve HTTP-01
            2026/12/07 10:00:04 [INFO] Deactivating auth: https://acme-v02.api.letsencrypt.org/acme/authz-v3/123
            2026/12/07 10:00:04 Could not obtain certificates:
            	error: one or more domains had a problem:
            [www.example.cn] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Invalid response from http://www.example.cn/.well-known/acme-challenge/abc: "<html><head><title>Non-compliance ICP Filing</title></head><body><a href=\"https://www.aliyun.com/beian/beian-block\">ICP</a>"
            """#
        let explanation = Explainer.explain(lego)
        #expect(explanation.pattern == "icp-block-page")
        #expect(explanation.command == ["path", "www.example.cn"])
    }

    @Test func aPlain403StillGoesToTheStatusEntryAndMentionsICP() {
        let explanation = Explainer.explain("Invalid response from http://www.example.cn/.well-known/acme-challenge/abc: 403")
        #expect(explanation.pattern == "le-http-403")
        #expect(explanation.causes.contains { $0.contains("ICP filing") && $0.contains("dvtool path") })
    }
}
