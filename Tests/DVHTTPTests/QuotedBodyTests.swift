import Testing
@testable import DVHTTPCheck

/// A body or header from the network, quoted in a message, reaches the terminal: no control byte may pass.
@Suite struct QuotedBodyTests {
    @Test func controlBytesAreEscapedAsInJSON() {
        #expect(HTTPChecker.quoted("a\"b\\c\n\t\u{07}\u{1B}[31m\u{7F}\u{9B}\u{2028}é") == #""a\"b\\c\n\t\u0007\u001b[31m\u007f\u009b\u2028é""#)
        #expect(HTTPChecker.quoted([0x6F, 0x6B, 0xFF]) == "\"ok\u{FFFD}\"")
    }

    @Test func aLongBodyIsCutAfterAHundredCharacters() {
        let hundred = String(repeating: "é", count: 100)
        #expect(HTTPChecker.quoted(hundred) == "\"\(hundred)\"")
        #expect(HTTPChecker.quoted(hundred + "x\n") == "\"\(hundred)…\"")
    }
}
