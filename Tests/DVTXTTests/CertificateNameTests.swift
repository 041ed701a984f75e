import DVBasics
import DVCAA
import DVDNS
import Testing

/// The CA a user names, and the name a CA checks CAA for.
@Suite("caa: the CA and the name")
struct CertificateNameTests {
    @Test func caNamesAndIssuerDomains() throws {
        #expect(try CertificateAuthority(named: "Lets-Encrypt").issuerDomains == ["letsencrypt.org"])
        #expect(try CertificateAuthority(named: "ca.example").issuerDomains == ["ca.example"])
        #expect {
            _ = try CertificateAuthority(named: "nobody")
        } throws: { error in
            (error as? UnknownCertificateAuthority)?.failureKind == .badInput && "\(error)".hasPrefix("unknown CA \"nobody\": use letsencrypt")
        }
    }

    /// The one list: every short name parses to its CA, and every refusal and help text names them all.
    @Test func oneListOfCAs() throws {
        #expect(CertificateAuthority.shortNames == "letsencrypt, digicert, sectigo, globalsign, google, zerossl, buypass")
        for (shortName, authority) in CertificateAuthority.known {
            #expect(try CertificateAuthority(named: shortName) == authority)
        }
        #expect {
            _ = try CertificateAuthority(named: "x")
        } throws: { error in
            "\(error)".contains(CertificateAuthority.shortNames)
        }
        #expect(try CertificateAuthority(named: "letsencrypt").includesLetsEncrypt)
        #expect(try !CertificateAuthority(named: "zerossl").includesLetsEncrypt)
    }

    @Test(arguments: [("_acme-challenge.www.example.test", false, "www.example.test."),
                      ("_acme-challenge.example.test", true, "*.example.test."),
                      ("*.example.test", true, "*.example.test."),
                      ("_dnsauth._x.example.test", false, "example.test.")])
    func challengeLabelsGoAndWildcardsGetTheirStar(name: String, wildcard: Bool, checked: String) throws {
        #expect(try DNSName(name).certificateName(wildcard: wildcard).description == checked)
    }
}
