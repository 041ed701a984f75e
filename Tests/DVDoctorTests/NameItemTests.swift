import Testing
@testable import DVDoctor
import DVDomain

/// doctor's `name` rows without a network: the CA's policy on the name, with and without the public suffix list.
@Suite struct NameItemTests {
    static let list = PublicSuffixList(text: "// ===BEGIN ICANN DOMAINS===\ncom\nuk\nco.uk\n// ===END ICANN DOMAINS===\n")

    @Test func aPublicCARefusesANameUnderNoSuffixAndASuffixItself() throws {
        for name in ["printer.internal", "co.uk"] {
            let items = Doctor.nameItems(try DNSName(name), publicSuffixes: Self.list, publicCA: true)
            #expect(items.map(\.verdict) == [.problem] && items.first?.fix?.contains("public suffix") == true, "\(name): \(items)")
        }
        #expect(Doctor.nameItems(try DNSName("www.example.co.uk"), publicSuffixes: Self.list, publicCA: true).isEmpty)
    }

    /// Without the list the suffix rules cannot be judged: a warning says so, and the other rules still apply.
    @Test func aMissingListIsAWarningNotASilentPass() throws {
        let items = Doctor.nameItems(try DNSName("printer.internal"), publicSuffixes: nil, publicCA: true)
        #expect(items.map(\.verdict) == [.warning] && items.first?.detail.contains(PublicSuffixList.debianPath) == true, "\(items)")
        let deep = Doctor.nameItems(try DNSName("a.b.c.d.e.f.g.h.i.example.com"), publicSuffixes: nil, publicCA: true)
        #expect(deep.map(\.verdict) == [.warning, .problem], "\(deep)")
    }

    /// A private world's CA (Pebble under --root-hints) issues for .test names: no suffix rule, no warning.
    @Test func aPrivateWorldsCAHasNoSuffixRules() throws {
        #expect(Doctor.nameItems(try DNSName("www.example.test"), publicSuffixes: Self.list, publicCA: false).isEmpty)
        #expect(Doctor.nameItems(try DNSName("www.example.test"), publicSuffixes: nil, publicCA: false).isEmpty)
    }

    /// BR 7.1.4.2.1 (LDH only; underscores gone since SC-012): every CA, so in a private world too.
    @Test(arguments: ["_sip.example.com", "a_b.example.com", "-a.example.com", "a-.example.com"])
    func aLabelThatIsNotLDHIsRefusedByEveryCA(name: String) throws {
        for publicCA in [true, false] {
            let items = Doctor.nameItems(try DNSName(name), publicSuffixes: Self.list, publicCA: publicCA)
            #expect(items.map(\.verdict) == [.problem] && items.first?.detail.hasSuffix("(\"Domain name contains an invalid character\")") == true,
                    "\(name): \(items)")
        }
        #expect(Doctor.nameItems(try DNSName("www.exa-mple.com"), publicSuffixes: Self.list, publicCA: true).isEmpty)
    }
}
