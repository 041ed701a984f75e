// Domains, zones, published-record forms, generic random values and ACME token rules.
import Testing
import DVDomain
@testable import DVToken

struct ChallengeTests {
    static let goodDomains: [(String, String)] = [
        ("example.com", "example.com"), ("Example.COM.", "example.com"), ("*.example.com", "*.example.com"),
        ("xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"), ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
        ("a-b.c0.example", "a-b.c0.example"),
    ]

    @Test(arguments: goodDomains.indices)
    func acceptsHostNames(row: Int) throws {
        let (input, name) = Self.goodDomains[row]
        #expect(try DomainInput(challengeDomain: input).ascii == name, "row \(row)")
    }

    static let badDomains = ["", "com", "exa_mple.com", "_acme-challenge.example.com", "www.*.example.com", "-a.example.com",
                             "a-.example.com", "a..example.com", "192.0.2.1", String(repeating: "a", count: 64) + ".com",
                             Array(repeating: "abcdefghi", count: 26).joined(separator: ".")]

    @Test(arguments: badDomains)
    func refusesOtherNames(input: String) {
        #expect(throws: TokenError(.invalidDomain, ""), "\(input)") { try DomainInput(challengeDomain: input) }
    }

    /// The host-name rules name what is wrong, with the name as the CA compares it.
    @Test func hostNameRefusalsSayWhy() {
        let reasons = [
            ("Exa_mple.com", "exa_mple.com: '_' (underscore labels are DNS record names, not host names) is not allowed in a host name"),
            ("www.*.example.com", "www.*.example.com: a wildcard `*` may only be the first label"),
            ("a-.example.com", "a-.example.com: label \"a-\" starts or ends with a hyphen"),
            ("192.0.2.1", "192.0.2.1 is an IP address; DNS and file validation are for domain names"),
            ("localhost", "localhost is a single label; certificates are for names like example.com"),
        ]
        for (input, reason) in reasons {
            let error = #expect(throws: TokenError.self, "\(input)") { try DomainInput(challengeDomain: input) }
            #expect(error?.code == .invalidDomain && error?.description == reason, "\(input)")
        }
    }

    @Test func wildcardBase() throws {
        let domain = try DomainInput(challengeDomain: "*.shop.example.com")
        #expect(domain.isWildcard)
        #expect(domain.base == "shop.example.com")
        #expect(domain.fqdn(prefix: "_acme-challenge") == "_acme-challenge.shop.example.com.")
    }

    @Test func zones() throws {
        let domain = try DomainInput(challengeDomain: "www.shop.example.co.uk")
        let assumed = try Zone(given: nil, for: domain)
        #expect(assumed.name == "co.uk" && assumed.assumed)
        let given = try Zone(given: "example.co.uk", for: domain)
        #expect(given.name == "example.co.uk" && !given.assumed)
        #expect(throws: TokenError(.invalidZone, "")) { try Zone(given: "example.org", for: domain) }
        #expect(throws: TokenError(.invalidZone, "")) { try Zone(given: "ample.co.uk", for: domain) }
    }

    @Test func hostRelativeToZone() {
        let record = PublishedRecord(name: "_acme-challenge.www.Example.com.", type: "TXT", value: "v")
        #expect(record.host(inZone: "example.com") == "_acme-challenge.www")
        #expect(record.host(inZone: "www.example.com.") == "_acme-challenge")
        #expect(record.host(inZone: "_acme-challenge.www.example.com") == "@")
        #expect(record.host(inZone: "ample.com") == nil)
        #expect(record.host(inZone: "example.org") == nil)
    }

    @Test func zoneFileLines() {
        #expect(PublishedRecord(name: "example.com.", type: "TXT", value: "abc").zoneFileLine == #"example.com. 300 IN TXT "abc""#)
        #expect(PublishedRecord(name: "_x.example.com.", type: "CNAME", value: "t.sectigo.com.").zoneFileLine
                == "_x.example.com. 300 IN CNAME t.sectigo.com.")
        let long = PublishedRecord(name: "a.example.", type: "TXT", value: String(repeating: "x", count: 300)).zoneFileLine
        #expect(long.hasSuffix("\"" + String(repeating: "x", count: 255) + "\" \"" + String(repeating: "x", count: 45) + "\""))
    }

    @Test func randomValues() throws {
        let first = try GenericChallenge.randomValue()
        let second = try GenericChallenge.randomValue()
        #expect(first.count == 32 && second.count == 32)
        #expect(first != second)
        #expect(first.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try GenericChallenge.randomValue(bits: 256).count == 64)
    }

    @Test func genericRecordAndFile() throws {
        let domain = try DomainInput(challengeDomain: "www.example.com")
        let apex = try GenericChallenge(domain: domain, value: "abc123", location: .domain)
        #expect(apex.record == PublishedRecord(name: "www.example.com.", type: "TXT", value: "abc123"))
        #expect(apex.file == ValidationFile(path: "/.well-known/pki-validation/fileauth.txt", body: "abc123"))
        #expect(apex.file?.url(domain: domain) == "http://www.example.com/.well-known/pki-validation/fileauth.txt")
        let dnsauth = try GenericChallenge(domain: try DomainInput(challengeDomain: "*.example.com"), value: "abc123", location: .dnsauth)
        #expect(dnsauth.record.name == "_dnsauth.example.com.")
        #expect(dnsauth.file == nil)
    }

    @Test(arguments: ["", "a b", "\"quoted\"", "tab\there", "ü", String(repeating: "x", count: 256)])
    func refusesBadValues(value: String) {
        #expect(throws: TokenError(.invalidValue, "")) {
            try GenericChallenge(domain: try DomainInput(challengeDomain: "example.com"), value: value, location: .domain)
        }
    }

    @Test(arguments: ["abc=", "abc/def", "../etc/passwd", "a.b", "token with space", "", "abcde"])
    func refusesNonBase64URLTokens(token: String) {
        #expect(throws: TokenError(.invalidToken, ""), "\(token)") {
            try ACMEChallenge(domain: try DomainInput(challengeDomain: "example.com"), token: token, thumbprint: "x")
        }
    }

    /// RFC 8555 §8.4's structure with a fixed thumbprint; value cross-checked by KeyTests against certbot's acme.
    @Test func acmeWildcardUsesBaseNameAndNoFile() throws {
        let challenge = try ACMEChallenge(domain: try DomainInput(challengeDomain: "*.example.com"),
                                          token: "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA", thumbprint: "thumb")
        #expect(challenge.keyAuthorization == "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.thumb")
        #expect(challenge.record.name == "_acme-challenge.example.com.")
        #expect(challenge.file == nil)
        #expect(!challenge.tokenLooksShort)
        #expect(try ACMEChallenge(domain: try DomainInput(challengeDomain: "example.com"), token: "abcd", thumbprint: "t").tokenLooksShort)
    }
}
