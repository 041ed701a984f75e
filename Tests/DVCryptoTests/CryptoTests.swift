// DVCrypto against published vectors: FIPS 180-2 / RFC 1321 digests, RFC 7638 §3.1 thumbprint.
import Testing
@testable import DVCrypto

struct CryptoTests {
    @Test func sha256Vectors() throws {
        // FIPS 180-2 Appendix B.1 ("abc") and the empty message.
        #expect(Hex.encode(try Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(try Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func md5Vectors() throws {
        // RFC 1321 §A.5.
        #expect(Hex.encode(try Digest.md5(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Hex.encode(try Digest.md5(Array("message digest".utf8))) == "f96b697d7cb7938d525a2f31aaf161d0")
    }

    /// RFC 7638 §3.1: the RSA key and its published thumbprint.
    @Test func rfc7638Example() throws {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        let jwk = JWK.rsa(n: try Base64URL.decode(n), e: try Base64URL.decode("AQAB"))
        #expect(jwk.canonicalJSON == #"{"e":"AQAB","kty":"RSA","n":"\#(n)"}"#)
        #expect(try jwk.thumbprint() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    /// RFC 8037 Appendix A.3: the Ed25519 public key and its thumbprint.
    @Test func rfc8037Example() throws {
        let jwk = JWK.okp(curve: "Ed25519", x: try Base64URL.decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"))
        #expect(try jwk.thumbprint() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test func randomBytes() throws {
        #expect(try SecureRandom.bytes(0).isEmpty)
        let first = try SecureRandom.bytes(32), second = try SecureRandom.bytes(32)
        #expect(first.count == 32)
        #expect(first != second)
    }

    @Test func errorsCompareByCode() {
        #expect(CryptoError(.malformedKey, "a") == CryptoError(.malformedKey, "b"))
        #expect(CryptoError(.malformedKey, "a") != CryptoError(.encryptedKey, "a"))
        let error = CryptoError(.malformedKey, "bad", detail: "error:1")
        #expect(error.description == "bad", "OpenSSL's queue stays out of the user's line")
        #expect(error.detail == "error:1")
        #expect(CryptoError.drainOpenSSLErrors() == "")
    }
}
