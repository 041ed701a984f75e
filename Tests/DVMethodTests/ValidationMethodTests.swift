import Testing
import DVMethod

@Suite("ValidationMethod")
struct ValidationMethodTests {
    @Test func everyNameLeadsBackToItsMethod() {
        for method in ValidationMethod.allCases {
            #expect(ValidationMethod(name: method.rawValue) == method)
            #expect(ValidationMethod(name: method.openMPICName) == method)
            #expect(ValidationMethod(name: method.rawValue.uppercased()) == method)
        }
        #expect(ValidationMethod(name: "dns-02") == nil)
    }

    @Test func namesAsACMEAndOpenMPICSpellThem() {
        #expect(ValidationMethod.dns01.openMPICName == "acme-dns-01")
        #expect(ValidationMethod.dnsPersist01.openMPICName == "dns-persistent")
        #expect(ValidationMethod.dnsAccount01.acmeName == "dns-account-01")
        #expect(ValidationMethod.dnsChange.acmeName == nil)
        #expect(ValidationMethod.websiteChange.acmeName == nil)
    }

    @Test func labelsPathsAndSections() {
        #expect(ValidationMethod.dns01.dnsLabel == "_acme-challenge")
        #expect(ValidationMethod.dnsAccount01.dnsLabel == "_acme-challenge")
        #expect(ValidationMethod.dnsPersist01.dnsLabel == "_validation-persist")
        #expect(ValidationMethod.http01.dnsLabel == nil)
        #expect(ValidationMethod.http01.httpPathPrefix == "/.well-known/acme-challenge/")
        #expect(ValidationMethod.websiteChange.httpPathPrefix == "/.well-known/pki-validation/")
        #expect(ValidationMethod.dns01.httpPathPrefix == nil)
        #expect(ValidationMethod.dnsAccount01.baselineRequirementsSection == "3.2.2.4.21")
        #expect(ValidationMethod.dnsPersist01.baselineRequirementsSection == "3.2.2.4.22")
        #expect(!ValidationMethod.http01.validatesWildcards && ValidationMethod.dnsPersist01.validatesWildcards)
    }
}
