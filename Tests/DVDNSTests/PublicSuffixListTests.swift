import Testing
import DVDomain

/// The public suffix rules of Let's Encrypt's policy (Boulder policy/pa.go over iana.ExtractSuffix): the ICANN
/// section only, no default rule, and the list's own wildcard and exception rules.
@Suite("public suffixes and the names CAs refuse for them")
struct PublicSuffixListTests {
    /// A cut of the list's format (publicsuffix.org/list/): comments, a wildcard with its exception, an IDN rule
    /// and a private section that must not count.
    static let list = PublicSuffixList(text: """
        // ===BEGIN ICANN DOMAINS===
        com
        uk
        co.uk
        // ck : https://en.wikipedia.org/wiki/.ck
        *.ck
        !www.ck
        cn
        公司.cn
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        github.io
        // ===END PRIVATE DOMAINS===
        """)

    @Test(arguments: [
        ("www.example.com", "com"), ("example.co.uk", "co.uk"), ("co.uk", "co.uk"), ("shop.example.CO.UK", "co.uk"),
        ("a.b.ck", "b.ck"), ("b.ck", "b.ck"), ("www.ck", "ck"), ("x.www.ck", "ck"),
        ("example.xn--55qx5d.cn", "xn--55qx5d.cn"),
    ])
    func theLongestRuleWinsAndAnExceptionBreaksItsWildcard(name: String, suffix: String) throws {
        #expect(Self.list.suffix(of: try DNSName(name)) == suffix, "\(name)")
    }

    @Test(arguments: ["printer.internal", "site.github.io", "host.lan", "example.test"])
    func aNameUnderNoICANNSuffixHasNone(name: String) throws {
        #expect(Self.list.suffix(of: try DNSName(name)) == nil, "\(name): the private section and unlisted TLDs do not count")
    }

    @Test func boulderRefusesASuffixItselfAWildcardOverOneAndANameUnderNone() throws {
        let refusal = { (name: String) in IssuancePolicy.refusal(of: try DNSName(name), publicSuffixes: Self.list)?.reason }
        #expect(try refusal("co.uk")?.hasSuffix("(\"Domain name is an ICANN TLD\")") == true)
        #expect(try refusal("*.co.uk")?.hasSuffix("(\"Domain name is a wildcard for an ICANN TLD\")") == true)
        #expect(try refusal("printer.internal")?.hasSuffix("(\"Domain name does not end with a valid public suffix (TLD)\")") == true)
        #expect(try refusal("*.example.co.uk") == nil && refusal("www.ck") == nil && refusal("example.com") == nil)
        #expect(IssuancePolicy.refusal(of: try DNSName("printer.internal")) == nil, "without a list (a private world) the rule is left out")
    }

    /// The built-in list, the one doctor reads: registry suffixes, rules newer than Debian 12's list (2023), and
    /// none of the private section.
    @Test func theBuiltInListKnowsRegistrySuffixes() throws {
        let list = PublicSuffixList.bundled
        #expect(list.suffix(of: try DNSName("www.gov.uk")) == "gov.uk")
        #expect(list.suffix(of: try DNSName("example.com.cn")) == "com.cn")
        #expect(list.suffix(of: try DNSName("shop.example.co.io")) == "co.io", "added to the list after Debian 12's copy")
        #expect(list.suffix(of: try DNSName("example.bd")) == "bd", "*.bd was replaced by listed second levels")
        #expect(list.suffix(of: try DNSName("dvtool.github.io")) == "io", "github.io is a private suffix: Boulder ignores it")
        #expect(list.suffix(of: try DNSName("a.fiat")) == nil, "a retired TLD is gone from the list")
    }
}
