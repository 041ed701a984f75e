// Account keys of every type against josepy/acme (and jwcrypto for Ed25519): JWK, thumbprint, ACME values.
import Foundation
import Testing
import DVCrypto
import DVDomain
import DVToken

struct KeyTests {
    static let keyNames = Fixtures.expected.keys.keys.sorted()

    @Test(arguments: keyNames)
    func matchesIndependentImplementation(name: String) throws {
        let expected = try #require(Fixtures.expected.keys[name])
        let key = try PrivateKey(pem: try Fixtures.bytes(name))
        let jwk = try JSONDecoder().decode([String: String].self, from: Data(key.jwk.canonicalJSON.utf8))
        #expect(jwk == expected.jwk, "\(name): JWK")
        #expect(key.thumbprint == expected.thumbprint, "\(name): thumbprint (expected from \(expected.source))")
        for challenge in expected.challenges {
            let acme = try ACMEChallenge(domain: try DomainInput(challengeDomain: "example.com"), token: challenge.token, accountKey: key)
            #expect(acme.keyAuthorization == challenge.keyAuthorization, "\(name)")
            #expect(acme.dnsValue == challenge.dnsValue, "\(name)")
            #expect(acme.dnsValue.count == 43)
            #expect(acme.file?.path == challenge.httpPath, "\(name)")
            #expect(acme.file?.body == challenge.keyAuthorization, "\(name)")
            #expect(acme.record.name == challenge.dnsName + ".", "\(name)")
        }
    }

    /// The fixtures really contain coordinates starting with a zero byte, and the JWK keeps it.
    @Test func leadingZeroCoordinatesKeepFullLength() throws {
        let cases = Fixtures.expected.keys.filter { $0.value.xLeadingZero == true || $0.value.yLeadingZero == true }
        #expect(cases.count >= 6)
        for (name, expected) in cases {
            let key = try PrivateKey(pem: try Fixtures.bytes(name))
            guard case let .ec(curve, x, y) = key.jwk else {
                Issue.record("\(name) is not EC")
                continue
            }
            let length = ["P-256": 32, "P-384": 48, "P-521": 66][curve]
            #expect(x.count == length && y.count == length, "\(name)")
            if expected.xLeadingZero == true { #expect(x.first == 0, "\(name)") }
            if expected.yLeadingZero == true { #expect(y.first == 0, "\(name)") }
        }
    }

    @Test func kinds() throws {
        #expect(try PrivateKey(pem: Fixtures.bytes("rsa2048.pem")).kind == .rsa(bits: 2048))
        #expect(try PrivateKey(pem: Fixtures.bytes("rsa3072-pkcs1.pem")).kind == .rsa(bits: 3072))
        #expect(try PrivateKey(pem: Fixtures.bytes("ec-p384.pem")).kind == .ec(curve: "P-384"))
        #expect(try PrivateKey(pem: Fixtures.bytes("ed25519.pem")).kind == .ed25519)
        #expect(try PrivateKey(pem: Fixtures.bytes("ec-p256-sec1-params.pem")).kind.description == "EC P-256")
    }

    @Test func rsaExponentIsMinimal() throws {
        guard case let .rsa(_, e) = try PrivateKey(pem: Fixtures.bytes("rsa2048-e3.pem")).jwk else {
            Issue.record("not RSA")
            return
        }
        #expect(e == [3])
    }

    /// Refused files: one reason each, the right code, and for encrypted keys the command that decrypts them.
    static let refused: [(String, CryptoError.Code, String)] = [
        ("encrypted-pkcs8.pem", .encryptedKey, "openssl pkey -in enc.pem -out plain.pem"),
        ("encrypted-traditional.pem", .encryptedKey, "openssl pkey -in enc.pem -out plain.pem"),
        ("garbage.pem", .malformedKey, "not a private key (PEM or DER)"),
        ("public-key.pem", .malformedKey, "a public key"),
        ("csr.pem", .malformedKey, "certificate signing request"),
        ("csr.der", .malformedKey, "not a private key (PEM or DER)"),
        ("secp256k1.pem", .unsupportedKey, "secp256k1"),
        ("ed448.pem", .unsupportedKey, "ED448"),
    ]

    @Test(arguments: refused.indices)
    func refuses(row: Int) throws {
        let (name, code, phrase) = Self.refused[row]
        do {
            _ = try PrivateKey(pem: try Fixtures.bytes(name))
            Issue.record("\(name) was accepted")
        } catch let error as CryptoError {
            #expect(error.code == code, "\(name): \(error)")
            #expect(error.description.contains(phrase), "\(name): \(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func emptyAndOpenSSHKeys() {
        #expect(throws: CryptoError(.malformedKey, "")) { try PrivateKey(pem: "") }
        #expect(throws: CryptoError(.malformedKey, "")) {
            try PrivateKey(pem: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n")
        }
    }
}
