import DVMethod
import DVPerspective
import Testing
import FoundationEssentials

/// The request `dvtool mpic` builds from its options, in Open MPIC's terms.
@Suite struct MPICRequestTests {
    func request(_ check: MPICRequest.CheckType, method: ValidationMethod = .dns01, value: String? = "v", token: String? = nil,
                 prefix: String? = nil, recordType: String = "TXT", caaDomains: [String] = [], accountURL: String? = nil,
                 issuerDomains: [String] = []) throws(MPICRequest.InvalidRequest) -> MPICRequest {
        try MPICRequest(check, domain: "example.test", method: method, value: value, token: token, prefix: prefix,
                        recordType: recordType, caaDomains: caaDomains, accountURL: accountURL, issuerDomains: issuerDomains)
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

    static let account = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789"

    @Test func theNewDNSMethodsUseOpenMPICNamesAndTheDvtoolExtension() throws {
        let account = try request(.dcv, method: .dnsAccount01, accountURL: Self.account)
        #expect(account.dcvCheckParameters?.validationMethod == "dns-account-01")
        #expect(account.dcvCheckParameters?.keyAuthorizationHash == "v" && account.dcvCheckParameters?.accountURL == Self.account)
        let persist = try request(.dcv, method: .dnsPersist01, value: nil, accountURL: Self.account, issuerDomains: ["letsencrypt.org"])
        #expect(persist.dcvCheckParameters?.validationMethod == "dns-persistent")
        #expect(persist.dcvCheckParameters?.issuerDomainNames == ["letsencrypt.org"] && persist.dcvCheckParameters?.expectedAccountURI == Self.account)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let persistJSON = String(decoding: try encoder.encode(persist), as: UTF8.self)
        #expect(persistJSON.contains("\"expected_account_uri\":\"\(Self.account)\"") && persistJSON.contains("\"issuer_domain_names\":[\"letsencrypt.org\"]"), "\(persistJSON)")
        let accountJSON = String(decoding: try encoder.encode(account), as: UTF8.self)
        #expect(accountJSON.contains("\"dvtool_account_url\":\"\(Self.account)\"") && accountJSON.contains("\"key_authorization_hash\":\"v\""), "\(accountJSON)")
    }

    @Test func theNewDNSMethodsAskForTheAccountAndTheCA() {
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, method: .dnsAccount01) }
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, method: .dnsAccount01, accountURL: "acct/123") }
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, method: .dnsPersist01, value: nil, accountURL: Self.account) }
        #expect(throws: MPICRequest.InvalidRequest.self) { try request(.dcv, method: .dnsPersist01, accountURL: Self.account, issuerDomains: ["letsencrypt.org"]) }
    }
}
