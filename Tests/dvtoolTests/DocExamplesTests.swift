import Foundation
import Testing
import DVTestSupport

/// Docs tested like code: every ```console block of README.md and docs/*.md is a command (`$ …`, `\` continues
/// it) and the output it prints. Each is run from the package root against the DNS world and compared, so a
/// changed output fails here until the doc is updated. In the expected text `…` matches anything within a line
/// (times, serials, temporary paths), and a line that is only `…` matches any number of lines; round-trip times
/// and resolver TTLs are masked as in the golden files. A block preceded
/// by `<!-- doc-test: not run: REASON -->` is not run (it shows a real site); synopses without output are `sh`.
@Suite("docs: every console example runs as shown", .serialized)
struct DocExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let file: String
        let line: Int
        let command: String
        let expected: [String]
        var testDescription: String { "\(file):\(line)" }
    }

    static let documents = ["README.md"] + ((try? FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.path + "/docs")) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }

    /// The examples of every document, in order.
    static let examples: [Example] = documents.flatMap { file -> [Example] in
        guard let text = try? String(contentsOfFile: CLI.packageRoot.path + "/" + file, encoding: .utf8) else { return [] }
        return parse(text, file: file)
    }

    static func parse(_ text: String, file: String) -> [Example] {
        let lines = text.components(separatedBy: "\n")
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard lines[index] == "```console" else { continue }
            let skipped = index > 0 && lines[index - 1].hasPrefix("<!-- doc-test: not run:")
            var body: [String] = []
            var end = index + 1
            while end < lines.count, lines[end] != "```" { body.append(lines[end]); end += 1 }
            defer { index = end }
            guard !skipped else { continue }
            var at = 0
            while at < body.count {
                guard body[at].hasPrefix("$ ") else { at += 1; continue }
                let start = index + 2 + at
                var command = String(body[at].dropFirst(2))
                // `\` continues the command; so does an open single quote (a message pasted over several lines).
                while at + 1 < body.count, command.hasSuffix("\\") || command.filter({ $0 == "'" }).count % 2 == 1 {
                    at += 1
                    command = command.hasSuffix("\\") ? String(command.dropLast()) + " " + body[at].trimmingCharacters(in: .whitespaces)
                                                      : command + "\n" + body[at]
                }
                at += 1
                var expected: [String] = []
                while at < body.count, !body[at].hasPrefix("$ ") { expected.append(body[at]); at += 1 }
                while expected.last?.isEmpty == true { expected.removeLast() }
                examples.append(Example(file: file, line: start, command: command, expected: expected))
            }
        }
        return examples
    }

    /// Whether `actual` is `expected` with each `…` standing for any text (a lone `…` line: any lines).
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "…" {
            return (0...actual.count).contains { matches(Array(actual[$0...]), Array(expected.dropFirst())) }
        }
        guard let line = actual.first, lineMatches(line, first) else { return false }
        return matches(Array(actual.dropFirst()), Array(expected.dropFirst()))
    }

    static func lineMatches(_ actual: String, _ expected: String) -> Bool {
        let parts = expected.components(separatedBy: "…")
        guard parts.count > 1 else { return actual == expected }
        var rest = Substring(actual)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }

    /// The doc's `perspectives.conf`: the five network namespaces, each running this build's agent.
    static func writePerspectives(in directory: URL) throws {
        let lines = ["primary p0 ARIN", "p1 ARIN", "p2 RIPE", "p3 APNIC", "p4 RIPE"].map { head -> String in
            let code = head.split(separator: " ").first { $0.hasPrefix("p") && $0.count == 2 }!
            return "\(head) command ip netns exec dvt-\(code) \(CLI.binary.path) agent --stdio --code \(code) --resolver 127.0.0.1 --connect-reserved"
        }
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("perspectives.conf"), atomically: true, encoding: .utf8)
    }

    /// `sh -c SCRIPT` with colours off; what it printed. Bounded: a command that hangs is killed after two minutes.
    static func runShell(_ script: String, environment extra: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = "100"
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: killer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyDocumentHasItsExamplesFound() {
        #expect(Self.examples.count >= 15, "\(Self.examples.map(\.testDescription))")
        #expect(Self.matches(["a 12.3ms b", "x", "y", "z"], ["a …ms b", "…", "z"]))
        #expect(!Self.matches(["a 12.3ms c"], ["a …ms b"]))
    }

    /// Subcommands that ask DNS servers: an example of one must point at the world (`--root-hints`), or running it
    /// here would ask the machine's resolver and the real roots. (mpic's perspectives file carries the world's.)
    static let asksTheNetwork = ["resolve", "txt", "caa", "dnssec", "doctor", "http-check", "probe", "hook", "agent", "path"]

    static func leavesTheWorld(_ command: String) -> Bool {
        let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let start = words.firstIndex(of: "dvtool"), start + 1 < words.count else { return false }
        let subcommand = words[start + 1] == "cert" && start + 2 < words.count ? words[start + 2] : words[start + 1]
        let pointed = words.contains("--root-hints") || (subcommand == "agent" && words.contains("--resolver"))
        return asksTheNetwork.contains(subcommand) && !pointed && !words.contains("--help") && !words.contains("--version")
    }

    /// Examples that need what only the real world has: the perspective namespaces (`perspectives.conf`,
    /// `ip netns`) and the signed zones' DNSSEC answers (`*.dnssec.test`).
    static func needsTheRealWorld(_ example: Example) -> Bool {
        ["perspectives.conf", "ip netns", "dnssec.test"].contains { example.command.contains($0) }
    }

    @Test(arguments: examples.filter { !needsTheRealWorld($0) })
    func exampleRunsAsShown(_ example: Example) async throws {
        try await Self.runAsShown(example)
    }

    @Test(TestWorld.realOnly("The perspective namespaces and the signed zones"), arguments: examples.filter(needsTheRealWorld))
    func realWorldExampleRunsAsShown(_ example: Example) async throws {
        try await Self.runAsShown(example)
    }

    static func runAsShown(_ example: Example) async throws {
        try #require(!leavesTheWorld(example.command),
                     "\(example.file):\(example.line) would ask servers outside the world: give it --root-hints zones/root.hints (and --resolver 127.53.53.53), mark it `<!-- doc-test: not run: … -->`, or make a synopsis an sh block")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-doc-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try writePerspectives(in: directory)
        // Run where the zones/ paths resolve, with perspectives.conf and this build's dvtool first on PATH.
        let command = example.command.replacingOccurrences(of: "perspectives.conf", with: directory.appendingPathComponent("perspectives.conf").path)
        let shell = "cd '\(CLI.packageRoot.path)' && PATH='\(CLI.binary.deletingLastPathComponent().path)':$PATH; \(command) 2>&1"
        // Round-trip times and a resolver's counting-down TTLs are masked on both sides, as the golden files are.
        let normalized = { (line: String) in GoldenOutputTests.masked(line.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)) }
        var trimmed = try runShell(shell, environment: try await TestWorld.environment()).components(separatedBy: "\n").map(normalized)
        while trimmed.last?.isEmpty == true { trimmed.removeLast() }
        let expected = example.expected.map(normalized)
        #expect(matches(trimmed, expected), "\(example.file):\(example.line) `\(example.command)` printed:\n\(trimmed.joined(separator: "\n"))\n--- the doc shows:\n\(expected.joined(separator: "\n"))")
    }
}
