import Testing
import DVExplain

/// The engine around the patterns: the clients' wrapping, Boulder's prefixes, the command template, the
/// honest answer for an unknown message, and --run's confirmation from a check's JSON.
@Suite struct ExplainerTests {
    let nxdomain = "DNS problem: NXDOMAIN looking up TXT for _acme-challenge.example.com - check that a DNS record exists for this domain"

    @Test func certbotWrappingAndSecondaryValidationPrefix() {
        let certbot = """
            Certbot failed to authenticate some domains (authenticator: manual). The Certificate Authority reported these problems:
              Domain: example.com
              Type:   dns
              Detail: During secondary validation: \(nxdomain)
            """
        let explanation = Explainer.explain(certbot)
        #expect(explanation.pattern == "le-dns-nxdomain")
        #expect(explanation.fields["domain"] == "_acme-challenge.example.com")
        #expect(explanation.context.first?.hasPrefix("During secondary validation") == true)
        #expect(explanation.causes.first?.contains("remote perspectives") == true, "the prefix's cause comes first")
        #expect(explanation.command == ["txt", "_acme-challenge.example.com"])
    }

    @Test func acmeShWrappingAndALeadingAddress() {
        let explanation = Explainer.explain("example.com:Verify error:192.0.2.1: " + nxdomain)
        #expect(explanation.recognized)
        #expect(explanation.fields["address"] == "192.0.2.1")
    }

    @Test func caaPhasePrefixNamesTheCAADomain() {
        let explanation = Explainer.explain("While processing CAA for *.example.com: " + nxdomain)
        #expect(explanation.fields["caaDomain"] == "example.com")
        #expect(explanation.context.contains { $0.contains("CAA phase") })
    }

    @Test func unknownMessagesGetTheChecklistForTheirDomain() {
        let explanation = Explainer.explain("the validation of shop.example.org did not work, sorry")
        #expect(!explanation.recognized && explanation.causes.isEmpty)
        #expect(explanation.command == ["doctor", "shop.example.org"])
        #expect(Explainer.explain("no domain in here").command.isEmpty)
    }

    @Test func templatesDropWhatTheMessageDidNotName() {
        let pattern = MessagePattern(id: "t", issuer: "test", regex: #"fetch (?<url>\S+) failed"#, meaning: "m", causes: [],
                                     check: ["http-check", "{domain}", "--path", "{url}", "--expect", "{value}"], source: "s",
                                     sample: "fetch http://example.com/.well-known/acme-challenge/abc failed")
        let explanation = Explainer.explain("Fetching http://x.example.com/: fetch http://example.com/.well-known/acme-challenge/abc failed", patterns: [pattern])
        #expect(explanation.command == ["http-check", "example.com", "--path", "/.well-known/acme-challenge/abc"])
        #expect(!explanation.command.contains("--expect"), "no value named: the option goes too")
    }

    @Test func runConfirmsTheCausesWhoseCodesTheCheckReports() {
        let json = #"{"problems": [{"code": "txt-missing", "severity": "error"}], "status": "problem"}"#
        let confirmed = Explainer.confirmedCauses(of: "le-dns-nxdomain", checkJSON: json)
        #expect(confirmed.count == 1 && confirmed[0].contains("servers out of sync"))
        #expect(Explainer.confirmedCauses(of: "le-dns-nxdomain", checkJSON: #"{"status": "ok"}"#).isEmpty)
    }
}
