// CSRs and the Sectigo formats: hashes against `openssl req -outform DER | md5sum/sha256sum`.
import Testing
import DVCrypto
import DVDomain
@testable import DVToken

struct CSRTests {
    @Test(arguments: ["csr.pem", "csr.der", "csr-cn-only.pem"])
    func hashesMatchOpenSSL(name: String) throws {
        let expected = try #require(Fixtures.expected.csr[name])
        let request = try CertificateSigningRequest(pemOrDER: try Fixtures.bytes(name))
        let challenge = try SectigoChallenge(domain: try DomainInput(challengeDomain: "example.com"), csrDER: request.der)
        #expect(challenge.md5 == expected.md5)
        #expect(challenge.sha256 == expected.sha256)
        if let names = expected.dnsNames { #expect(request.dnsNames == names) }
        if let commonName = expected.commonName { #expect(request.commonName == commonName) }
    }

    @Test func pemAndDERGiveTheSameDER() throws {
        let pem = try CertificateSigningRequest(pemOrDER: try Fixtures.bytes("csr.pem"))
        let der = try CertificateSigningRequest(pemOrDER: try Fixtures.bytes("csr.der"))
        #expect(pem.der == der.der)
        #expect(pem.der == (try Fixtures.bytes("csr.der")))
        #expect(pem.names == ["example.com", "www.example.com", "*.example.com"])
        #expect(try CertificateSigningRequest(pemOrDER: Fixtures.bytes("csr-cn-only.pem")).names == ["shop.example.org"])
    }

    static let refused: [(String, String)] = [
        ("csr-bad-signature.der", "signature does not verify"),
        ("csr-truncated.pem", "does not parse"),
        ("ec-p256.pem", "is it a CSR"),
        ("rsa2048.pem", "is it a CSR"),
    ]

    @Test(arguments: refused.indices)
    func refuses(row: Int) throws {
        let (name, phrase) = Self.refused[row]
        do {
            _ = try CertificateSigningRequest(pemOrDER: try Fixtures.bytes(name))
            Issue.record("\(name) was accepted")
        } catch let error as CryptoError {
            #expect(error.code == .malformedCSR, "\(name)")
            #expect(error.description.contains(phrase), "\(name): \(error)")
        }
    }

    @Test func refusesTrailingBytesAndEmpty() throws {
        #expect(throws: CryptoError(.malformedCSR, "")) { try CertificateSigningRequest(pemOrDER: try Fixtures.bytes("csr.der") + [0]) }
        #expect(throws: CryptoError(.malformedCSR, "")) { try CertificateSigningRequest(pemOrDER: [UInt8]()) }
        #expect(throws: CryptoError(.malformedCSR, "")) { try CertificateSigningRequest(pemOrDER: [0x30, 0x03, 0x02, 0x01, 0x00]) }
    }

    /// The record and file formats of dv-rules.md §2.5 (Sectigo), upper-case hex.
    @Test func sectigoFormats() throws {
        let der = try CertificateSigningRequest(pemOrDER: try Fixtures.bytes("csr.pem")).der
        let md5 = "18C823253B45B9899D93760A51F6169B"
        let sha = "B2183EC3F34FF65A9B1C6D6AC1140ED559BC7429CA7688E7EBE8EFEF441659B4"
        let plain = try SectigoChallenge(domain: try DomainInput(challengeDomain: "www.example.com"), csrDER: der)
        #expect(plain.record == PublishedRecord(name: "_\(md5).www.example.com.", type: "CNAME",
                                                value: "B2183EC3F34FF65A9B1C6D6AC1140ED5.59BC7429CA7688E7EBE8EFEF441659B4.sectigo.com."))
        #expect(plain.file == ValidationFile(path: "/.well-known/pki-validation/\(md5).txt", body: "\(sha)\nsectigo.com"))

        let unique = try SectigoChallenge(domain: try DomainInput(challengeDomain: "*.example.com"), csrDER: der, uniqueValue: "aHXEOOEh", issuer: .comodoca)
        #expect(unique.record.name == "_\(md5).example.com.")
        #expect(unique.record.value == "B2183EC3F34FF65A9B1C6D6AC1140ED5.59BC7429CA7688E7EBE8EFEF441659B4.aHXEOOEh.comodoca.com.")
        #expect(unique.file == nil)
        let withFile = try SectigoChallenge(domain: try DomainInput(challengeDomain: "example.com"), csrDER: der, uniqueValue: "aHXEOOEh")
        #expect(withFile.file?.body == "\(sha)\nsectigo.com\naHXEOOEh")
        #expect(withFile.record.host(inZone: "example.com") == "_\(md5)")

        for bad in ["", "has space", "twentyonecharacters12", "ünïcode"] {
            #expect(throws: TokenError(.invalidValue, ""), "\(bad)") {
                try SectigoChallenge(domain: try DomainInput(challengeDomain: "example.com"), csrDER: der, uniqueValue: bad)
            }
        }
    }
}
