import Foundation
import Testing
@testable import DVIDN

enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}

/// Unescapes `\uXXXX` and `\x{XXXX}` as used in IdnaTestV2.txt.
func unescapeIdnaTest(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    let u = Array(s.unicodeScalars)
    var i = 0
    while i < u.count {
        if u[i] == "\\" && i + 1 < u.count && u[i + 1] == "u" && i + 5 < u.count,
           let v = UInt32(String(String.UnicodeScalarView(u[(i + 2)..<(i + 6)])), radix: 16), let sc = Unicode.Scalar(v) {
            out.append(sc)
            i += 6
            continue
        }
        if u[i] == "\\" && i + 2 < u.count && u[i + 1] == "x" && u[i + 2] == "{",
           let close = u[(i + 3)...].firstIndex(of: "}"),
           let v = UInt32(String(String.UnicodeScalarView(u[(i + 3)..<close])), radix: 16), let sc = Unicode.Scalar(v) {
            out.append(sc)
            i = close + 1
            continue
        }
        out.append(u[i])
        i += 1
    }
    return String(out)
}

struct PostThirteen {
    var ranges: [(UInt32, UInt32)] = []
    init() throws {
        for line in try Fixture.text("assigned-after-13.0.txt").split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: ";")
            ranges.append((UInt32(f[0], radix: 16)!, UInt32(f[1], radix: 16)!))
        }
    }
    func contains(_ cp: UInt32) -> Bool { ranges.contains { cp >= $0.0 && cp <= $0.1 } }

    /// Whether a string (or any Punycode label in it, decoded) uses a code point newer than 13.0.
    func isNew(_ s: String) -> Bool {
        if s.unicodeScalars.contains(where: { contains($0.value) }) { return true }
        for label in s.lowercased().split(whereSeparator: { $0 == "." || $0 == "。" || $0 == "．" || $0 == "｡" }) where label.hasPrefix("xn--") {
            if let d = try? Punycode.decode(String(label.dropFirst(4))), d.unicodeScalars.contains(where: { contains($0.value) }) {
                return true
            }
        }
        return false
    }
}

@Suite struct ConformanceTests {
    /// IdnaTestV2.txt (Unicode 13.0): ToUnicode and non-transitional ToASCII.
    @Test func idnaTestV2() throws {
        let newer = try PostThirteen()
        var passed = 0, excluded = 0, stricter = 0, total = 0
        var failures: [String] = []
        var stricterRules: [String: Int] = [:]
        for raw in try Fixture.text("IdnaTestV2.txt").split(separator: "\n", omittingEmptySubsequences: true) {
            // Split on scalars, not Characters: U+0600..U+0605 are prepended marks that
            // would join a following ';' into one grapheme cluster.
            let line = raw.unicodeScalars.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            func trim(_ s: ArraySlice<Unicode.Scalar>) -> String {
                var s = s
                while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
                while let l = s.last, l == " " || l == "\t" { s.removeLast() }
                return String(String.UnicodeScalarView(s))
            }
            let scalars = Array(line)
            if trim(scalars[...]).isEmpty { continue }
            let cols = scalars.split(separator: ";", omittingEmptySubsequences: false).map { unescapeIdnaTest(trim($0)) }
            let source = cols[0]
            let toUnicode = cols[1].isEmpty ? source : cols[1]
            let toUnicodeStatus = cols[2]
            let toAsciiN = cols[3].isEmpty ? toUnicode : cols[3]
            let toAsciiNStatus = cols[4].isEmpty ? toUnicodeStatus : cols[4]
            let unicodeFails = !(toUnicodeStatus.isEmpty || toUnicodeStatus == "[]")
            let asciiFails = !(toAsciiNStatus.isEmpty || toAsciiNStatus == "[]")

            for (direction, expectFail, expected) in [("toUnicode", unicodeFails, toUnicode), ("toASCII", asciiFails, toAsciiN)] {
                total += 1
                if newer.isNew(source) || newer.isNew(toUnicode) || newer.isNew(toAsciiN) {
                    excluded += 1
                    continue
                }
                let result: Result<String, IDNAError>
                do throws(IDNAError) {
                    result = .success(direction == "toUnicode" ? try IDNA.toUnicode(source) : try IDNA.toASCII(source))
                } catch {
                    result = .failure(error)
                }
                switch (result, expectFail) {
                case (.failure, true):
                    passed += 1
                case (.success(let got), false) where got.unicodeScalars.elementsEqual(expected.unicodeScalars):
                    passed += 1
                case (.failure(let e), false) where e.rule == .notIDNA2008 || e.rule == .contextO:
                    // IDNA2008 is stricter than UTS #46 here (NV8/XV8 code points, CONTEXTO rules).
                    stricter += 1
                    stricterRules[e.rule.rawValue, default: 0] += 1
                default:
                    failures.append("\(direction) \(raw) -> \(result)")
                }
            }
        }
        print("IdnaTestV2 (Unicode 13.0): \(total) checks (ToUnicode + ToASCII-N), passed \(passed), excluded \(excluded) (code points assigned after 13.0), stricter-by-IDNA2008 \(stricter) \(stricterRules), failed \(failures.count)")
        for f in failures.prefix(40) { print("FAIL", f) }
        #expect(failures.isEmpty)
        #expect(passed + excluded + stricter == total)
        #expect(passed > 12000)
    }

    /// RFC 3492 section 7.1 sample strings (plus punycode.js extras).
    /// Credit: table from the rust-url `idna` crate, which copied it from punycode.js
    /// (Mathias Bynens, MIT license); the samples themselves are RFC 3492's.
    @Test func rfc3492Samples() throws {
        let data = try Fixture.text("punycode-rfc3492-samples.json").data(using: .utf8)!
        let cases = try JSONSerialization.jsonObject(with: data) as! [[String: String]]
        var checked = 0
        for c in cases {
            let decoded = c["decoded"]!, encoded = c["encoded"]!
            #expect(try Punycode.decode(encoded) == decoded, "\(c["description"] ?? encoded)")
            // We emit lowercase digits; basic code points keep their case.
            #expect(try Punycode.encode(decoded).lowercased() == encoded.lowercased(), "\(c["description"] ?? encoded)")
            checked += 1
        }
        #expect(checked >= 20)
        let descriptions = cases.compactMap { $0["description"] }
        #expect(descriptions.contains("Chinese (simplified)"))
        #expect(descriptions.contains("Chinese (traditional)"))
    }
}
