import Testing
@testable import DVDoctor
import DVDomain

/// doctor's `name` rows without a network: the CA's policy on the name, with and without the public suffix list.
@Suite struct NameItemTests {
    static let list = PublicSuffixList(text: "// ===BEGIN ICANN DOMAINS===\ncom\nuk\nco.uk\n// ===END ICANN DOMAINS===\n")

    @Test func aPublicCARefusesANameUnderNoSuffixAndASuffixItself() throws {
        for name in ["printer.internal", "co.uk"] {
            let items = Doctor.nameItems(try DNSName(name), publicSuffixes: Self.list)
            #expect(items.map(\.verdict) == [.problem] && items.first?.fix?.contains("public suffix") == true, "\(name): \(items)")
        }
        #expect(Doctor.nameItems(try DNSName("www.example.co.uk"), publicSuffixes: Self.list).isEmpty)
    }

    /// A private world's CA (Pebble under --root-hints) issues for .test names: no suffix rule.
    @Test func aPrivateWorldsCAHasNoSuffixRules() throws {
        #expect(Doctor.nameItems(try DNSName("www.example.test"), publicSuffixes: nil).isEmpty)
        #expect(Doctor.nameItems(try DNSName("www.example.test"), publicSuffixes: Self.list).count == 1, "the same name under a public CA")
    }

    /// BR 7.1.4.2.1 (LDH only; underscores gone since SC-012): every CA, so in a private world too.
    @Test(arguments: ["_sip.example.com", "a_b.example.com", "-a.example.com", "a-.example.com"])
    func aLabelThatIsNotLDHIsRefusedByEveryCA(name: String) throws {
        for list in [Self.list, nil] {
            let items = Doctor.nameItems(try DNSName(name), publicSuffixes: list)
            #expect(items.map(\.verdict) == [.problem] && items.first?.detail.hasSuffix("(\"Domain name contains an invalid character\")") == true,
                    "\(name): \(items)")
        }
        #expect(Doctor.nameItems(try DNSName("www.exa-mple.com"), publicSuffixes: Self.list).isEmpty)
    }
}
