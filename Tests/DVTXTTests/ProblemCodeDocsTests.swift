import DVReport
import DVTestSupport
import Foundation
import Testing

/// The README's lists of problem codes are the tool's own data: each code the checks can report is named there,
/// and every code-looking name the README gives in a problem list is one the tool has.
@Suite struct ProblemCodeDocsTests {
    @Test func readmeNamesEveryProblemCodeAndNoOther() throws {
        let readme = try String(contentsOfFile: CLI.packageRoot.path + "/README.md", encoding: .utf8)
        for code in ProblemCode.allCases {
            #expect(readme.contains("`\(code.rawValue)`"), "README.md does not name the problem code \(code.rawValue)")
        }
        // Every "Problem codes: `a`, `b` …" list names only real codes.
        let known = Set(ProblemCode.allCases.map(\.rawValue))
        var listed: [String] = []
        for match in readme.matches(of: /Problem codes?:([^.]*)\./) {
            listed += match.1.matches(of: /`([a-z0-9-]+)`/).map { String($0.1) }
        }
        #expect(!listed.isEmpty, "README has no 'Problem codes:' list")
        for code in listed { #expect(known.contains(code), "README lists `\(code)`, which is no problem code of the tool") }
    }
}
