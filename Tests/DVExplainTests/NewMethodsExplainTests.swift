import Testing
import DVExplain

/// dns-account-01 and dns-persist-01 in the CA's words, wrapped as clients print them.
@Suite struct NewMethodsExplainTests {
    @Test func boulderDNSAccount01NamesTheRecordAndTheAccount() {
        let lego = "[example.org] acme: error: 403 :: POST :: https://acme-staging-v02.api.letsencrypt.org/acme/chall/1/2 :: "
            + "urn:ietf:params:acme:error:unauthorized :: No TXT record found at _ujmmovf2vn55tgye._acme-challenge.example.org "
            + "(account: \"https://example.com/acme/acct/ExampleAccount\")"
        let explanation = Explainer.explain(lego)
        #expect(explanation.pattern == "le-dns-account01-no-txt")
        #expect(explanation.fields["record"] == "_ujmmovf2vn55tgye._acme-challenge.example.org")
        #expect(explanation.fields["value"] == "https://example.com/acme/acct/ExampleAccount")
        #expect(explanation.command == ["txt", "_ujmmovf2vn55tgye._acme-challenge.example.org"])
        #expect(explanation.causes.first?.contains("account URL") == true)
        // dns-01's own wording still goes to dns-01's entry.
        #expect(Explainer.explain("No TXT record found at _acme-challenge.example.org").pattern == "le-dns01-no-txt")
    }

    @Test func boulderDNSAccount01IncorrectValue() {
        let explanation = Explainer.explain("Incorrect TXT record \"old\" found at _ujmmovf2vn55tgye._acme-challenge.example.org. (account: \"https://ca.example/acct/1\")")
        #expect(explanation.pattern == "le-dns-account01-incorrect-txt")
        #expect(explanation.fields["found"] == "old")
        #expect(explanation.fields["record"] == "_ujmmovf2vn55tgye._acme-challenge.example.org")
        #expect(!explanation.command.contains("old"), "the found value never becomes --expect")
    }

    @Test func pebbleDNSAccount01ChecksWithTheAccountURLToFillIn() {
        let explanation = Explainer.explain("Domain: shop.example.org\nType: unauthorized\nDetail: No TXT records found for DNS-ACCOUNT-01 challenge")
        #expect(explanation.pattern == "pebble-dns-account01-no-txt")
        #expect(explanation.command == ["txt", "shop.example.org", "--account-url", "ACCOUNT_URL"], "the name comes from the account URL, which Pebble does not give")
        #expect(Explainer.explain("Correct value not found for DNS-ACCOUNT-01 challenge").pattern == "pebble-dns-account01-wrong-value")
    }

    @Test func persistAccountMismatchChecksTheRecordForThatAccount() {
        let certbot = """
            Domain: example.com
            Type:   unauthorized
            Detail: Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "letsencrypt.org": accounturi mismatch: expected "https://acme-staging-v02.api.letsencrypt.org/acme/acct/1", got "https://acme-v02.api.letsencrypt.org/acme/acct/1"
            """
        let explanation = Explainer.explain(certbot)
        #expect(explanation.pattern == "le-dns-persist01-account-mismatch")
        #expect(explanation.fields["found"] == "https://acme-v02.api.letsencrypt.org/acme/acct/1")
        #expect(explanation.command == ["txt", "example.com", "--persist", "--ca", "letsencrypt.org",
                                        "--account-url", "https://acme-staging-v02.api.letsencrypt.org/acme/acct/1"])
    }

    /// (message, entry) for each Boulder and Pebble dns-persist-01 wording; each is checked at _validation-persist.
    static let persist: [(String, String)] = [
        (#"Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "letsencrypt.org": policy mismatch: expected "wildcard", got """#, "le-dns-persist01-policy-mismatch"),
        ("Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"letsencrypt.org\": validation time 2026-12-06T00:00:00Z is after persistUntil 2026-01-01T00:00:00Z", "le-dns-persist01-expired"),
        ("Parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"letsencrypt.org\": malformed persistUntil timestamp \"2027-01-01\"", "le-dns-persist01-malformed"),
        ("Error parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"pebble.letsencrypt.org\": missing mandatory accounturi parameter", "pebble-dns-persist01-malformed"),
        ("No valid TXT record found for DNS-PERSIST-01 challenge", "le-dns-persist01-no-valid"),
        ("No TXT record found for DNS-PERSIST-01 challenge", "le-dns-persist01-no-txt"),
    ]

    @Test(arguments: persist.indices)
    func persistWordings(row: Int) {
        let (message, id) = Self.persist[row]
        let explanation = Explainer.explain("[shop.example.com] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: " + message)
        #expect(explanation.pattern == id, "row \(row)")
        #expect(explanation.command == ["txt", "_validation-persist.shop.example.com"], "row \(row): \(explanation.command)")
    }
}
