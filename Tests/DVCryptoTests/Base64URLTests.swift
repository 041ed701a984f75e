// Base64URL and Hex: RFC 4648 §10 test vectors, translated to the URL alphabet without padding.
import Testing
import DVCrypto

struct Base64URLTests {
    /// RFC 4648 §10 ("foobar" prefixes), padding removed.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: rfc4648.indices)
    func rfc4648Vectors(row: Int) throws {
        let (plain, encoded) = Self.rfc4648[row]
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded, "row \(row): \(plain)")
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8), "row \(row): \(encoded)")
    }

    @Test func urlAlphabet() throws {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(try Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test(arguments: ["Zg==", "Zm9v+", "Zm9v/g", "Zm 9v", "Zm9v\n", "Zh", "Zm9", "é", "abcde"])
    func rejects(text: String) {
        #expect(throws: CryptoError.self, "\(text.debugDescription)") { try Base64URL.decode(text) }
        #expect(!Base64URL.isValid(text))
    }

    @Test func namesTheBadCharacter() {
        do {
            _ = try Base64URL.decode("abc=")
            Issue.record("accepted padding")
        } catch {
            #expect(error.code == .invalidBase64URL)
            #expect(error.description.contains("'=' at position 4"))
        }
    }

    @Test func roundTripsRandomBytes() throws {
        for count in 0..<70 {
            let bytes = try SecureRandom.bytes(count)
            #expect(try Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test func hex() {
        #expect(Hex.encode([0x00, 0xAB, 0x7F]) == "00ab7f")
        #expect(Hex.encode([0x00, 0xAB, 0x7F], uppercase: true) == "00AB7F")
    }
}
