// libFuzzer target for DVIDN: the Punycode decoder and the whole ToUnicode/ToASCII path.
// Built by Fuzz/idn/run together with the DVIDN sources (so internal API is visible).
// Besides "no crash, no sanitizer report" it checks invariants and traps if one breaks:
//   - encode(decode(x)) succeeds and decodes back to decode(x);
//   - a name that converts gives forms that are fixed points: ToASCII(unicode) == ascii and
//     ToUnicode(ascii) == unicode.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDN(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)

    // 1. Punycode decoder on arbitrary bytes.
    var decoded: [UInt32] = []
    do throws(PunycodeError) {
        try Punycode.decode(input, into: &decoded)
        var encoded: [UInt8] = []
        try decoded.withUnsafeBufferPointer { (b) throws(PunycodeError) in try Punycode.encode(b, into: &encoded) }
        var again: [UInt32] = []
        try encoded.withUnsafeBufferPointer { (b) throws(PunycodeError) in try Punycode.decode(b, into: &again) }
        if again != decoded { fatalError("Punycode round trip changed the code points") }
    } catch {
        // invalid input is fine
    }

    // 2. The whole path, both directions at once.
    var converter = IDNAConverter()
    var ascii: [UInt8] = [], unicode: [UInt8] = []
    do throws(IDNAError) {
        try converter.convert(input, ascii: &ascii, unicode: &unicode, wantASCII: true, wantUnicode: true)
    } catch {
        _ = error.description  // exercise message formatting and the name table
        return 0
    }
    // A valid name's forms are fixed points: converting either again gives the same forms.
    let (a2, u2) = convertValid(unicode, &converter, wantASCII: true, form: "Unicode")
    if a2 != ascii || u2 != unicode { fatalError("Unicode form is not a fixed point") }
    let (_, u3) = convertValid(ascii, &converter, wantASCII: false, form: "ASCII")
    if u3 != unicode { fatalError("ToUnicode(ToASCII(x)) != unicode form") }
    return 0
}

/// Converts a form of a name that was valid; a refusal is a bug.
private func convertValid(_ name: [UInt8], _ converter: inout IDNAConverter, wantASCII: Bool, form: String) -> (ascii: [UInt8], unicode: [UInt8]) {
    var ascii: [UInt8] = [], unicode: [UInt8] = []
    do throws(IDNAError) {
        try name.withUnsafeBufferPointer { (b) throws(IDNAError) in
            try converter.convert(b, ascii: &ascii, unicode: &unicode, wantASCII: wantASCII, wantUnicode: true)
        }
    } catch {
        fatalError("the \(form) form of a valid name was rejected: \(error)")
    }
    return (ascii, unicode)
}
