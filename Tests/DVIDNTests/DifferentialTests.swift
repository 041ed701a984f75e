import Foundation
import Testing
@testable import DVIDN

/// Compares DVIDN's ToASCII with Python `idna` and libidn2 answers recorded once in
/// Fixtures/idn-differential.tsv (Benchmarks/idn/gen-differential). Every disagreement must be
/// listed, with the deciding rule, in Fixtures/idn-differential-disagreements.tsv
/// (Benchmarks/idn/explain-disagreements).
@Suite struct DifferentialTests {
    static func rows(_ file: String) throws -> [[String]] {
        try Fixture.text(file).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { line in line.unicodeScalars.split(separator: "\t", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) } }
    }

    @Test func againstPythonIdnaAndIdn2() throws {
        let names = try Self.rows("idn-differential.tsv")
        var listed: [String: (dvtool: String, rule: String)] = [:]
        for r in try Self.rows("idn-differential-disagreements.tsv") {
            #expect(r.count == 5, "malformed disagreement row \(r)")
            #expect(r[4] != "UNEXPLAINED" && !r[4].isEmpty, "disagreement without a rule: \(r[0])")
            listed[r[0]] = (r[1], r[4])
        }
        var agreed = 0, explained = 0
        var unlisted: [String] = []
        var seen = Set<String>()
        for r in names {
            let name = r[0], python = r[1], idn2 = r[2]
            let ours: String
            do throws(IDNAError) {
                ours = try IDNA.toASCII(name)
            } catch {
                ours = "!" + error.rule.rawValue
            }
            func same(_ peer: String) -> Bool { (peer.hasPrefix("!") && ours.hasPrefix("!")) || peer == ours }
            if same(python) && same(idn2) {
                agreed += 1
                #expect(listed[name] == nil, "listed as a disagreement but now agrees: \(name)")
                continue
            }
            seen.insert(name)
            if let l = listed[name], l.dvtool == ours {
                explained += 1
            } else {
                unlisted.append("\(name)\tdvtool=\(ours)\tpython-idna=\(python)\tidn2=\(idn2)")
            }
        }
        print("Differential: \(names.count) names, \(agreed) agree with both peers, \(explained) listed+explained disagreements, \(unlisted.count) unexplained")
        for u in unlisted.prefix(30) { print("UNEXPLAINED", u) }
        #expect(names.count >= 10_000)
        #expect(unlisted.isEmpty)
        #expect(Set(listed.keys) == seen)
    }
}
