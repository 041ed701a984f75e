import DVTLS
import Testing

@Suite struct NameCoverageTests {
    @Test(arguments: [
        ("example.com", "example.com", true),
        ("Example.COM.", "example.com", true),
        ("example.com", "www.example.com", false),
        ("*.example.com", "www.example.com", true),
        ("*.example.com", "example.com", false),
        ("*.example.com", "a.b.example.com", false),
        ("*.example.com", "*.example.com", true),
        ("w*.example.com", "www.example.com", false),
        ("*.com", "example.com", false),
        ("www.*.example.com", "www.a.example.com", false),
        ("*.xn--bcher-kva.example", "www.xn--bcher-kva.example", true),
    ])
    func coverage(pattern: String, name: String, expected: Bool) {
        #expect(NameCoverage.covers(pattern, name) == expected)
    }

    @Test func firstMatch() {
        #expect(NameCoverage.match("a.wild.test", in: ["wild.test", "*.wild.test"]) == "*.wild.test")
        #expect(NameCoverage.match("wild.test", in: ["*.wild.test"]) == nil)
    }
}
