import DVMethod
import DVPerspective
import Testing

/// The request `dvtool mpic` builds from its options, in Open MPIC's terms.
@Suite struct MPICRequestTests {
    func request(_ check: MPICRequest.CheckType, method: ValidationMethod = .dns01, value: String? = "v", token: String? = nil,
                 prefix: String? = nil, recordType: String = "TXT", caaDomains: [String] = []) throws(MPICRequest.InvalidRequest) -> MPICRequest {
        try MPICRequest(check, domain: "example.test", method: method, value: value, token: token, prefix: prefix,
                        recordType: recordType, caaDomains: caaDomains)
    }

    @Test func eachMethodCarriesItsValues() throws {
        let dns01 = try request(.dcv)
        #expect(dns01.dcvCheckParameters?.validationMethod == "acme-dns-01" && dns01.dcvCheckParameters?.keyAuthorizationHash == "v")
        let change = try request(.dcv, method: .dnsChange, prefix: "_dnsauth", recordType: "cname")
        #expect(change.dcvCheckParameters?.dnsNamePrefix == "_dnsauth" && change.dcvCheckParameters?.dnsRecordType == "CNAME")
        #expect(change.dcvCheckParameters?.challengeValue == "v")
        let http01 = try request(.dcv, method: .http01, token: "tok")
        #expect(http01.dcvCheckParameters?.token == "tok" && http01.dcvCheckParameters?.keyAuthorization == "v")
        let website = try request(.dcv, method: .websiteChange, token: "file.txt")
        #expect(website.dcvCheckParameters?.httpTokenPath == "file.txt" && website.dcvCheckParameters?.challengeValue == "v")
        let caa = try request(.caa, value: nil, caaDomains: ["letsencrypt.org"])
        #expect(caa.caaCheckParameters?.caaDomains == ["letsencrypt.org"] && caa.dcvCheckParameters == nil)
        #expect(caa.domainOrIPTarget == "example.test")
    }

    @Test func whatAMethodNeedsIsAskedFor() {
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.caa) }
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, value: nil) }
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, method: .http01) }
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, method: .tlsALPN01) }
        #expect(throws: Never.self) { try request(.dcv, method: .websiteChange, token: "t") }
    }
}
