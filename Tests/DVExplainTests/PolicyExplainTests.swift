import Testing
import DVExplain

/// Let's Encrypt refusing the name itself at new-order (Boulder policy/pa.go): explain sends the user to doctor,
/// whose `name` item names the rule, rather than to a DNS check no record change can satisfy.
@Suite struct PolicyExplainTests {
    @Test func certbotsWholeRunForAnInternalNameGoesToTheNameRule() {
        // certbot prints the ACME error as acme's messages.Error does: type :: description :: detail.
        let certbot = """
            Saving debug log to /var/log/letsencrypt/letsencrypt.log
            Requesting a certificate for printer.internal
            An unexpected error occurred:
            urn:ietf:params:acme:error:rejectedIdentifier :: The server will not issue certificates for the identifier :: Error creating new order :: Cannot issue for "printer.internal": Domain name does not end with a valid public suffix (TLD)
            Ask for help or search for solutions at https://community.letsencrypt.org. See the logfile /var/log/letsencrypt/letsencrypt.log or re-run Certbot with -v for more details.
            """
        let explanation = Explainer.explain(certbot)
        #expect(explanation.pattern == "le-policy-name-refused", "the CA's reason, not the rejectedIdentifier hint")
        #expect(explanation.command == ["doctor", "printer.internal"])
        #expect(explanation.causes.first?.contains("not under a public suffix") == true)
    }

    @Test(arguments: [("co.uk", "Domain name is an ICANN TLD"), ("*.co.uk", "Domain name is a wildcard for an ICANN TLD"),
                      ("_sip.example.com", "Domain name contains an invalid character")])
    func aSuffixItselfOrAnUnderscoreIsTheSameRule(name: String, reason: String) {
        let lego = "[\(name)] acme: error: 400 :: POST :: https://acme-v02.api.letsencrypt.org/acme/new-order :: "
            + "urn:ietf:params:acme:error:rejectedIdentifier :: Error creating new order :: Cannot issue for \"\(name)\": \(reason)"
        let explanation = Explainer.explain(lego)
        #expect(explanation.pattern == "le-policy-name-refused", "\(name)")
        #expect(explanation.command == ["doctor", name], "\(name)")
    }
}
