// dns-account-01: the account label and record name, against the draft's vector and Python's hashlib (DVTestSupport.Python).
import Foundation
import Testing
import DVMethod
import DVTestSupport
import DVDomain
import DVToken

@Suite("dns-account-01")
struct DNSAccountTests {
    /// The draft's example (draft-ietf-acme-dns-account-label §3.1), whose label is printed lower case.
    @Test func draftExampleVector() throws {
        let account = try ACMEAccountURL("https://example.com/acme/acct/ExampleAccount")
        #expect(try account.dnsAccountLabel() == "ujmmovf2vn55tgye")
        let domain = try DomainInput(challengeDomain: "example.org")
        #expect(domain.validationName(.dnsAccount01, accountLabel: try account.dnsAccountLabel())
            == "_ujmmovf2vn55tgye._acme-challenge.example.org.")
    }

    static let urls = ["https://ca.example/acct/123", "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789",
                       "https://acme-v02.api.letsencrypt.org/acme/acct/123456789", "https://127.53.60.1:14000/my-account/1",
                       "https://acme-v02.api.letsencrypt.org/acme/acct/123456789/", "HTTPS://CA.EXAMPLE/ACCT/123"]

    @Test(arguments: urls)
    func labelMatchesAnIndependentComputation(url: String) throws {
        let label = try ACMEAccountURL(url).dnsAccountLabel()
        #expect(label == (try Python.dnsAccountLabel(url)))
        #expect(label.count == 16 && label.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) })
    }

    /// Random URLs, so the comparison is not limited to a list someone could have pasted answers for.
    @Test func randomURLsMatchPython() throws {
        for _ in 0 ..< 5 {
            let url = "https://ca.example/acct/\(UInt64.random(in: 0 ... .max))"
            #expect(try ACMEAccountURL(url).dnsAccountLabel() == (try Python.dnsAccountLabel(url)), "\(url)")
        }
    }

    /// The URL is hashed exactly: its case and a trailing slash change the label; the domain's case does not.
    @Test func caseAndSlashOfTheURLMatter() throws {
        let plain = try ACMEAccountURL("https://ca.example/acct/123").dnsAccountLabel()
        #expect(plain == "h5zlfqoi7m5jaytl")
        #expect(try ACMEAccountURL("HTTPS://CA.EXAMPLE/ACCT/123").dnsAccountLabel() != plain)
        #expect(try ACMEAccountURL("https://ca.example/acct/123/").dnsAccountLabel() != plain)
        #expect(try ACMEAccountURL(" https://ca.example/acct/123\n").dnsAccountLabel() == plain)
        #expect(try ACMEAccountURL("https://ca.example/acct/123/").warnings.contains { $0.contains("trailing slash") })
        let upper = try DomainInput(challengeDomain: "WWW.Example.ORG")
        #expect(upper.validationName(.dnsAccount01, accountLabel: plain) == "_h5zlfqoi7m5jaytl._acme-challenge.www.example.org.")
    }

    @Test func wildcardIsValidatedAtItsBase() throws {
        let wildcard = try DomainInput(challengeDomain: "*.example.org")
        #expect(wildcard.validationName(.dnsAccount01, accountLabel: "h5zlfqoi7m5jaytl") == "_h5zlfqoi7m5jaytl._acme-challenge.example.org.")
        #expect(wildcard.validationName(.dns01) == "_acme-challenge.example.org.")
        #expect(wildcard.validationName(.dnsPersist01) == "_validation-persist.example.org.")
    }

    /// The value is dns-01's: base64url(SHA-256(token "." thumbprint)); the draft's token with RFC 7638's key.
    @Test func valueIsTheDNS01Value() throws {
        let account = try ACMEAccountURL("https://example.com/acme/acct/ExampleAccount")
        let challenge = try ACMEChallenge(domain: DomainInput(challengeDomain: "example.org"), token: "ODE4OWY4NTktYjhmYS00YmY1LTk5MDgtZTFjYTZmNjZlYTUx",
                                          thumbprint: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", account: account)
        #expect(challenge.method == .dnsAccount01)
        #expect(challenge.dnsValue == "LhKR2b-8ON5CUWpiq6ToNr8oBovvFOhFD4HJzQqlYUk")
        #expect(challenge.record.name == "_ujmmovf2vn55tgye._acme-challenge.example.org.")
        #expect(challenge.record.value == challenge.dnsValue)
    }

    @Test(arguments: ["", "ca.example/acct/1", "https://ca.example/acct 1", "ftp://ca.example/acct/1", "https://"])
    func refusesWhatIsNoAccountURL(text: String) {
        #expect(throws: TokenError(.invalidValue, "")) { try ACMEAccountURL(text) }
    }
}

/// dns-persist-01's accounturi values: draft-02 §10.2's hashed example, which reproduces, and the plain form.
@Suite("dns-persist-01 accounturi")
struct PersistAccountURITests {
    static let thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"

    @Test func draft02HashedVector() throws {
        let account = try ACMEAccountURL("https://ca.example/acct/123")
        let hashed = try PersistAccountURI.hashed(prefix: "https://ca.example/account-hash/", domain: "example.com",
                                                  thumbprint: Self.thumbprint, account: account)
        #expect(hashed.value == "https://ca.example/account-hash/sha-256/5SQm7n6tPh2-PlLbCKGnViTXX5z19SCN4cPGQHSk-kw")
        #expect(hashed.form == .hashed)
        let anyDomain = try PersistAccountURI.hashed(prefix: "https://ca.example/account-hash/", domain: nil,
                                                     thumbprint: Self.thumbprint, account: account)
        #expect(anyDomain.value == "https://ca.example/account-hash/sha-256/NpDnSwUthQK8zCgFdefYxAdAVPnygMLbs9US6oO-5ug")
        #expect(anyDomain.form == .hashedAnyDomain)
        // The domain is hashed lower case without its trailing dot, so a typed name gives the same URI.
        #expect(try PersistAccountURI.hashed(prefix: "https://ca.example/account-hash/", domain: "Example.COM.",
                                             thumbprint: Self.thumbprint, account: account) == hashed)
        #expect(PersistAccountURI.plain(account).value == "https://ca.example/acct/123")
    }

    /// Other domains, against Python's hashlib: SHA-256(len ‖ domain ‖ key ‖ URL), base64url without padding.
    @Test(arguments: ["dept.example.com", "www.example.com", "xn--fsqu00a.xn--fiqs8s"])
    func hashedMatchesPython(domain: String) throws {
        let url = "https://ca.example/acct/123"
        let python = try Python.run("import sys,hashlib,base64; d=sys.argv[1].encode(); print(base64.urlsafe_b64encode(hashlib.sha256(bytes([len(d)])+d+sys.argv[2].encode()+sys.argv[3].encode()).digest()).decode().rstrip('='))",
                                    [domain, Self.thumbprint, url])
        let hashed = try PersistAccountURI.hashed(prefix: "p/", domain: domain, thumbprint: Self.thumbprint, account: ACMEAccountURL(url))
        #expect(hashed.value == "p/sha-256/" + python)
    }
}
