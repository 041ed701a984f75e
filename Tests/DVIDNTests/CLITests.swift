import Foundation
import Testing
import DVTestSupport

/// Runs the built `dvtool idn` through the one CLI test helper: a missing binary fails the tests, never skips them.
@Suite struct CLITests {
    static func run(_ args: [String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        let result = try CLI.run(args, bytes: stdin)
        return (result.status, result.stdout, result.stderr)
    }

    @Test func namesAndExitCodes() throws {
        let ok = try Self.run(["idn", "例子.中国", "xn--fsqu00a.xn--fiqs8s", "*.例子.中国"])
        #expect(ok.status == 0)
        #expect(ok.out == "xn--fsqu00a.xn--fiqs8s\t例子.中国\nxn--fsqu00a.xn--fiqs8s\t例子.中国\n*.xn--fsqu00a.xn--fiqs8s\t*.例子.中国\n")
        let bad = try Self.run(["idn", "a\u{200D}b"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("U+200D ZERO WIDTH JOINER"))
    }

    /// --to-ascii and --to-unicode print only the converted name per line, so they compose like idn2.
    @Test func forcedDirectionPrintsOneColumn() throws {
        let ascii = try Self.run(["idn", "--to-ascii", "--from", "-"], stdin: Data("例子.中国\nfaß.de\n\nexample.com\n".utf8))
        #expect(ascii.status == 0)
        #expect(ascii.out == "xn--fsqu00a.xn--fiqs8s\nxn--fa-hia.de\nexample.com\n")
        let unicode = try Self.run(["idn", "--to-unicode", "--from", "-"], stdin: Data(ascii.out.utf8))
        #expect(unicode.status == 0)
        #expect(unicode.out == "例子.中国\nfaß.de\nexample.com\n")
        let bad = try Self.run(["idn", "--to-ascii", "ok.example", "a\u{200D}b", "例子.中国"])
        #expect(bad.status == 2)
        #expect(bad.out == "ok.example\nxn--fsqu00a.xn--fiqs8s\n")
        #expect(bad.err.contains("U+200D ZERO WIDTH JOINER"))
    }

    @Test func batchJSON() throws {
        var input = Data("bücher.de\n\u{1F600}.com\n".utf8)
        input.append(contentsOf: [0xFF, 0xFE, 0x0A])
        input.append(Data(String(repeating: "a", count: 5000).utf8))
        input.append(Data("\nxn--fa-hia.de".utf8))
        let r = try Self.run(["idn", "--json", "--from", "-"], stdin: input)
        #expect(r.status == 2)
        let lines = try r.out.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        try #require(lines.count == 5, "\(r.out)")
        #expect(lines[0]["ascii"] as? String == "xn--bcher-kva.de")
        #expect(lines[0]["direction"] as? String == "to-ascii")
        #expect((lines[1]["error"] as? [String: Any])?["rule"] as? String == "not-idna2008")
        #expect((lines[1]["error"] as? [String: Any])?["codePoint"] as? String == "U+1F600")
        #expect(lines[1]["line"] as? Int == 2)
        #expect((lines[2]["error"] as? [String: Any])?["rule"] as? String == "invalid-utf8")
        #expect((lines[3]["error"] as? [String: Any])?["rule"] as? String == "input-too-long")
        #expect(lines[4]["unicode"] as? String == "faß.de")
        #expect(lines[4]["direction"] as? String == "to-unicode")
    }
}
