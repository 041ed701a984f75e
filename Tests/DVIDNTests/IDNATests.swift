import Foundation
import Testing
@testable import DVIDN

@Suite struct IDNATests {
    @Test func basics() throws {
        #expect(try IDNA.toASCII("例子.中国") == "xn--fsqu00a.xn--fiqs8s")
        #expect(try IDNA.toUnicode("xn--fsqu00a.xn--fiqs8s") == "例子.中国")
        #expect(try IDNA.toASCII("*.例子.中国") == "*.xn--fsqu00a.xn--fiqs8s")
        #expect(try IDNA.toASCII("_dnsauth.例子.中国") == "_dnsauth.xn--fsqu00a.xn--fiqs8s")
        #expect(try IDNA.toASCII("_DNSAuth.Example.COM") == "_DNSAuth.example.com")
        #expect(try IDNA.toASCII("例子。中国．") == "xn--fsqu00a.xn--fiqs8s.")
        #expect(try IDNA.toASCII("例子｡中国") == "xn--fsqu00a.xn--fiqs8s")
        #expect(try IDNA.toASCII("ＥＸＡＭＰＬＥ．ｃｏｍ") == "example.com")
        #expect(try IDNA.toASCII("Faß.de") == "xn--fa-hia.de")
        #expect(try IDNA.toASCII("XN--FA-HIA.de") == "xn--fa-hia.de")
        #expect(try IDNA.toUnicode("XN--FA-HIA.DE") == "faß.de")
        #expect(try IDNA.toASCII("example.com.") == "example.com.")
        #expect(try IDNA.forms(of: "Bücher.example") == DomainForms(ascii: "xn--bcher-kva.example", unicode: "bücher.example"))
        #expect(try IDNA.toASCII("한국.kr") == "xn--3e0b707e.kr")
        #expect(try IDNA.toASCII("ﾃｽﾄ.jp") == IDNA.toASCII("テスト.jp"))
    }

    func rule(_ s: String, toUnicode: Bool = false) -> IDNAError.Rule? {
        do throws(IDNAError) {
            _ = toUnicode ? try IDNA.toUnicode(s) : try IDNA.toASCII(s)
            return nil
        } catch {
            return error.rule
        }
    }

    @Test func errors() {
        #expect(rule("a\u{200D}b.com") == .contextJ)
        #expect(rule("😀.com") == .notIDNA2008)
        #expect(rule("b\u{00BC}.de") == .notIDNA2008)  // maps to 1 U+2044 4; found by the fuzzer
        #expect(rule("xn--ls8h.la") == .notIDNA2008)  // 💩 as an A-label
        #expect(rule("a..b") == .emptyLabel)
        #expect(rule("") == .emptyLabel)
        #expect(rule(".") == .emptyLabel)
        #expect(rule("-a.com") == .hyphenStartEnd)
        #expect(rule("ab--c.com") == .hyphen34)
        #expect(rule("xn--abc.com") == .invalidInALabel || rule("xn--abc.com") == .punycode)
        #expect(rule("xn--abc-.com") == .aLabelRoundTrip)
        #expect(rule("xn--FA-HIA.de") == nil)
        #expect(rule("\u{0301}a.com") == .leadingCombiningMark)
        #expect(rule("a b.com") == .disallowedSTD3)
        #expect(rule("a_b.com") == .disallowedSTD3)
        #expect(rule("a.*.com") == .disallowedSTD3)
        #expect(rule("_a\u{00E9}.com") == .underscoreLabel)
        #expect(rule(String(repeating: "a", count: 64) + ".com") == .labelTooLong)
        #expect(rule(String(repeating: "a.", count: 127) + "ab") == .nameTooLong)
        #expect(rule(String(repeating: "a", count: 64) + ".com", toUnicode: true) == nil)
        #expect(rule("a·b.com") == .contextO)
        #expect(rule("l·l.com") == nil)
        #expect(rule("0a.\u{05D0}") == .bidi1)
        #expect(rule("\u{E000}.com") == .disallowed)
        #expect(rule("xn--0ca24w") == .bidi5 || rule("xn--0ca24w") == .bidi6)
        #expect(rule("xn--99999999999999999999999a") == .punycode)
    }

    @Test func errorMessage() {
        do throws(IDNAError) {
            _ = try IDNA.toASCII("a\u{200D}b")
            Issue.record("expected an error")
        } catch {
            #expect(error.rule == .contextJ)
            #expect(error.codePoint == 0x200D)
            #expect(error.label == "a\u{200D}b")
            #expect(error.description == #"label "a\u{200D}b": U+200D ZERO WIDTH JOINER is only allowed after a virama (CONTEXTJ, RFC 5892 A.2)"#)
        }
        #expect(UnicodeNames.describe(0x4E2D) == "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D")
        #expect(UnicodeNames.describe(0xD55C) == "U+D55C HANGUL SYLLABLE HAN")
        #expect(UnicodeNames.describe(0x1F600) == "U+1F600 GRINNING FACE")
        #expect(UnicodeNames.describe(0x00E9) == "U+00E9 LATIN SMALL LETTER E WITH ACUTE")
        #expect(UnicodeNames.describe(0x0000) == "U+0000 NULL")
    }

    @Test func punycodeOverflow() {
        // RFC 3492 6.4: these must fail cleanly, not wrap around.
        for s in ["99999999999999999999a", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "a-99999999", "0000000000000000000000000000000a"] {
            #expect(throws: PunycodeError.self) { try Punycode.decode(s) }
        }
        #expect(throws: PunycodeError.self) { try Punycode.decode("ü") }
    }

    /// NFC against NormalizationTest.txt (Unicode 15.0) when the Debian file is present:
    /// c2 == NFC(c1) == NFC(c2) == NFC(c3), c4 == NFC(c4) == NFC(c5).
    @Test func normalizationTest() throws {
        let path = "/usr/share/unicode/NormalizationTest.txt.bz2"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bzcat")
        p.arguments = [path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        func field(_ s: Substring) -> String {
            var v = String.UnicodeScalarView()
            for h in s.split(separator: " ") { v.append(Unicode.Scalar(UInt32(h, radix: 16)!)!) }
            return String(v)
        }
        var checked = 0, failed = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("@") {
            let f = line.split(separator: ";", omittingEmptySubsequences: false).prefix(5).map(field)
            let ok = UnicodeNFC.normalize(f[0]) .unicodeScalars.elementsEqual(f[1].unicodeScalars)
                && UnicodeNFC.normalize(f[2]).unicodeScalars.elementsEqual(f[1].unicodeScalars)
                && UnicodeNFC.normalize(f[4]).unicodeScalars.elementsEqual(f[3].unicodeScalars)
                && UnicodeNFC.isNormalized(f[1])
            if !ok {
                failed += 1
                if failed < 10 { print("NFC FAIL", line) }
            }
            checked += 1
        }
        print("NormalizationTest: \(checked) lines, \(failed) failed")
        #expect(checked > 19000)
        #expect(failed == 0)
    }
}
