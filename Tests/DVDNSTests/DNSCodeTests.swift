import Testing
import DVDomain

/// Record types and response codes: one table each serves text and parsing, so every code dvtool prints reads back
/// as the same code.
@Suite("DNS codes: mnemonics both ways")
struct DNSCodeTests {
    @Test func everyKnownCodeReadsBackFromItsMnemonic() {
        for (type, mnemonic) in RecordType.mnemonics {
            #expect(type.description == mnemonic)
            #expect(RecordType(mnemonic: mnemonic.lowercased()) == type, "\(mnemonic): case-insensitive")
        }
        for (code, mnemonic) in ResponseCode.mnemonics {
            #expect(code.description == mnemonic)
            #expect(ResponseCode(presentation: mnemonic) == code, "\(mnemonic)")
        }
    }

    @Test func otherCodesAreTheirNumber() {
        #expect(RecordType(rawValue: 65).description == "TYPE65")
        #expect(RecordType(mnemonic: "TYPE65") == RecordType(rawValue: 65))
        #expect(ResponseCode(rawValue: 23).description == "RCODE23")
        #expect(ResponseCode(presentation: "RCODE23") == ResponseCode(rawValue: 23))
        #expect(RecordType(mnemonic: "TYPEx") == nil)
        #expect(ResponseCode(presentation: "TYPE5") == nil)
    }
}
