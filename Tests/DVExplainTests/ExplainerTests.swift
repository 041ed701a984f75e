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

    @Test func theCADetailWinsOverTheClientsHint() {
        let certbot = """
              Domain: shop.example.test
              Type:   unauthorized
              Detail: Correct value not found for DNS challenge

            Hint: The Certificate Authority failed to verify the DNS TXT records created by the --manual-auth-hook. Ensure that this hook is functioning correctly
            """
        let explanation = Explainer.explain(certbot)
        #expect(explanation.pattern == "pebble-dns01-wrong-value")
        #expect(explanation.command == ["txt", "_acme-challenge.shop.example.test", "--expect", "VALUE"], "the record the CA queried, not the domain")
        #expect(explanation.fillIn.first?.contains("expected value is not in the text") == true)
        #expect(explanation.runnableCommand == ["txt", "_acme-challenge.shop.example.test"], "--run drops the placeholder")
    }

    @Test func theFoundValueNeverBecomesTheExpectation() {
        let boulder = Explainer.explain("Incorrect TXT record \"abc\" found at _acme-challenge.example.com")
        #expect(boulder.fields["found"] == "abc")
        #expect(boulder.command == ["txt", "_acme-challenge.example.com", "--expect", "VALUE"])
        #expect(boulder.fillIn.first?.contains("\"abc\" is the value the CA found") == true)
        let pebble = Explainer.explain(#"The key authorization file from the server did not match this challenge "tok.thumb" != "old""#)
        #expect(pebble.command == ["http-check", "DOMAIN", "--path", "/.well-known/acme-challenge/tok", "--expect", "tok.thumb"])
        #expect(pebble.runnableCommand == nil, "no domain: nothing to run")
    }

    @Test func responseCodesDecideTheCheck() {
        func check(_ code: String) -> [String] {
            Explainer.explain(#"[x.example.com] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Error retrieving TXT records for DNS challenge ("DNS lookup for \"_acme-challenge.x.example.com\" returned an unsuccessful response: '\x0"# + code + #"'")"#).command
        }
        #expect(check("2") == ["txt", "_acme-challenge.x.example.com"], "SERVFAIL: the TXT check validates DNSSEC and finds lame servers")
        #expect(check("3") == ["txt", "_acme-challenge.x.example.com"], "NXDOMAIN")
    }

    @Test func anAddressOnlyMessageAsksForTheDomain() {
        let explanation = Explainer.explain("127.0.0.15: Timeout during connect (likely firewall problem)")
        #expect(explanation.pattern == "le-http-timeout-connect")
        #expect(explanation.command.first == "http-check" && explanation.command[1] == "DOMAIN")
        #expect(explanation.fillIn == ["the message names only the address 127.0.0.15: replace DOMAIN with the name being validated (dvtool checks every address of it, 127.0.0.15 among them)"])
    }

    @Test func aLogOfSeveralRunsIsAskedAboutTheLastFailure() {
        let log = """
            2026/12/06 20:06:50 [INFO] [old.example.test] acme: Trying to solve DNS-01
            [old.example.test] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Correct value not found for DNS challenge
            2026/12/07 20:06:50 [INFO] [new.example.test] AuthURL: https://127.53.60.1:14000/authZ/x
            [new.example.test] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Non-200 status code from HTTP: http://new.example.test:80/.well-known/acme-challenge/tok returned 404
            """
        let explanation = Explainer.explain(log)
        #expect(explanation.pattern == "pebble-http-404" && explanation.line == 4)
        #expect(explanation.command == ["http-check", "new.example.test", "--path", "/.well-known/acme-challenge/tok"])
        #expect(Explainer.explain(log.components(separatedBy: "\n").prefix(2).joined(separator: "\n")).fields["identifier"] == "old.example.test")
    }

    @Test func aClientsOwnCheckInTheLastRunWinsOverTheCAInAnEarlierOne() {
        let log = """
            [a.example.test] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Correct value not found for DNS challenge
            [b.example.test] time limit exceeded: last error: NS ns2.example.test. did not return the expected TXT record [fqdn: _acme-challenge.b.example.test., value: EXPECTED-b]: old-b
            Hint: The Certificate Authority failed to verify the DNS TXT records created by the --manual-auth-hook.
            """
        let explanation = Explainer.explain(log)
        #expect(explanation.pattern == "lego-ns-missing-txt", "the hint below it says less")
        #expect(explanation.command == ["txt", "_acme-challenge.b.example.test", "--expect", "EXPECTED-b"])
        #expect(explanation.fields["identifier"] == "b.example.test" && explanation.fields["found"] == "old-b")
    }
}
