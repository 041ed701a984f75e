import DVExplain
import Foundation
import Testing

/// Every fixture of the corpus of real client output (`scripts/explain-corpus`: certbot, lego and dehydrated against
/// Pebble in the loopback world), read whole: recognised as the table says, with the command that proves the
/// cause, for the domain and record the CA used, carrying the expected value when the text has it and never the
/// value the CA found.
@Suite("explain on real client output")
struct CorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Case: CustomTestStringConvertible, Sendable {
        let scenario, client, challenge, cause, pattern, command: String
        let file: String
        var testDescription: String { "\(scenario)/\(file)" }
    }

    static let rows: [[String]] = {
        guard let table = try? String(contentsOf: directory.appendingPathComponent("corpus.tsv"), encoding: .utf8) else { return [] }
        return table.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }()

    static let cases: [Case] = rows.flatMap { row -> [Case] in
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(row[0]).path)) ?? []
        return files.sorted().map { Case(scenario: row[0], client: row[1], challenge: row[2], cause: row[3], pattern: row[4], command: row[5], file: $0) }
    }

    @Test func theCorpusCoversBothChallengesAndEveryClient() {
        #expect(Self.rows.count >= 20, "at least 20 distinct failures")
        #expect(Set(Self.rows.map { $0[2] }) == ["dns-01", "http-01"])
        #expect(Set(Self.rows.map { $0[1] }) == ["certbot", "lego", "dehydrated"])
        #expect(Self.cases.count >= Self.rows.count, "every scenario keeps its client's output")
        #expect(Self.cases.contains { $0.file == "certbot-log.txt" }, "certbot's debug logs are kept too")
    }

    @Test(arguments: cases)
    func fixture(_ fixture: Case) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(fixture.scenario).appendingPathComponent(fixture.file), encoding: .utf8)
        let explanation = Explainer.explain(text)
        #expect(explanation.recognized, "not recognised")
        #expect(explanation.pattern == fixture.pattern, "read as \(explanation.pattern ?? "nothing") (\(fixture.cause))")
        var expected = fixture.command.split(separator: " ").map(String.init)
        if let token = expected.firstIndex(of: "TOKENPATH") {
            // The token is the CA's: the path must be the one the CA fetched, named in the text.
            let path = explanation.command.firstIndex(of: "--path").map { explanation.command[$0 + 1] } ?? ""
            #expect(path.hasPrefix("/.well-known/acme-challenge/") && text.contains(path.dropFirst("/.well-known/acme-challenge/".count)),
                    "path \(path) is not the token path of the text")
            expected[token] = path
        }
        #expect(explanation.command == expected, "\(explanation.command.joined(separator: " "))")
        if let found = explanation.fields["found"], !found.isEmpty {
            #expect(!explanation.command.contains(found), "the value the CA found became the expectation")
        }
    }
}
