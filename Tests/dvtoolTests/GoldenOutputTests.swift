import Foundation
import Testing
import DVTestSupport

/// The help of every command and one text report per DNS command, compared byte for byte with the files in
/// Tests/dvtoolTests/Golden (RTTs and resolver TTLs masked, since they change between runs). A change to
/// what users read shows in review as a change to these files: `DVTOOL_UPDATE_GOLDEN=1` rewrites them.
@Suite("dvtool: golden output", .serialized)
struct GoldenOutputTests {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/dvtoolTests/Golden")
    static let commands: [[String]] = [
        [], ["resolve"], ["txt"], ["caa"], ["doctor"], ["idn"], ["cert"], ["cert", "check"], ["cert", "probe"], ["cert", "convert"], ["cert", "bundle"], ["serve"],
        ["http-check"], ["token"], ["token", "random"], ["token", "acme"], ["token", "persist"], ["token", "sectigo"], ["token", "list"],
        ["token", "remove"], ["flush-dns"], ["dnssec"], ["hook"], ["explain"], ["agent"], ["mpic"],
    ]
    static let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
    static let anchor = ["--trust-anchor", CLI.packageRoot.appendingPathComponent("zones/trust-anchor.ds").path]
    static let reports: [(file: String, arguments: [String])] = [
        ("report-resolve.txt", ["resolve", "www.example.test", "--expect", "192.0.2.10", "--expect", "2001:db8::10"] + world),
        ("report-resolve-differ.txt", ["resolve", "differ.example.test", "--no-recursive", "--root-hints", CLI.rootHints]),
        ("report-txt.txt", ["txt", "_acme-challenge.example.test", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"] + world),
        // One record per set: a set of several is shown in wire order, which a resolver rotates.
        ("report-caa.txt", ["caa", "sub.caa-parent.example.test", "--ca", "letsencrypt"] + world),
        ("report-idn.txt", ["idn", "例子.中国", "*.例子.中国", "xn--fa-hia.de"]),
    ]
    /// Reports on the signed zones: their validation needs the signatures only the real world serves yet.
    static let signedReports: [(file: String, arguments: [String])] = [
        ("report-dnssec-secure.txt", ["dnssec", "www.good.dnssec.test", "--at", "2026-12-01"] + world + anchor),
        ("report-dnssec-rolled.txt", ["dnssec", "_acme-challenge.rolled.dnssec.test", "--type", "TXT", "--at", "2026-12-01"] + world + anchor),
        ("report-dnssec-unsigned.txt", ["dnssec", "nope.unsigned.dnssec.test", "--at", "2026-12-01"] + world + anchor),
        ("report-txt-expired.txt", ["txt", "_acme-challenge.expired.dnssec.test", "--expect", "dnssec-token-expired", "--no-recursive"] + world + anchor),
    ]

    /// Column-aligned timings and TTLs a resolver counts down: replaced, then runs of spaces squeezed so
    /// that a wider or narrower value does not shift the table.
    static func masked(_ text: String) -> String {
        var out = text.replacingOccurrences(of: #"\b\d+\.\dms\b"#, with: "RTT", options: .regularExpression)
        out = out.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = String(line)
            if line.hasPrefix("resolver ") {
                line = line.replacingOccurrences(of: #"\s\d{1,5}\s+-\s"#, with: " TTL - ", options: .regularExpression)
            }
            return line.replacingOccurrences(of: #" {2,}"#, with: "  ", options: .regularExpression)
        }.joined(separator: "\n")
        return out
    }

    static func compare(_ actual: String, file: String) throws {
        let path = folder.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["DVTOOL_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        #expect(actual == expected, "\(file) differs; if the change is meant, run the tests with DVTOOL_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test(arguments: commands)
    func help(_ command: [String]) async throws {
        let result = try await TestWorld.runCLI(command + ["--help"], environment: ["COLUMNS": "100"])
        #expect(result.status == 0, "\(result.stderr)")
        try Self.compare(result.stdout, file: "help-" + (command.isEmpty ? "dvtool" : command.joined(separator: "-")) + ".txt")
    }

    @Test(arguments: reports.indices)
    func report(_ index: Int) async throws {
        // Other tests edit the zones (serials move) and warm the resolver: start from the world as shipped.
        if index == 0 { try testnet("reset") }
        try await Self.compareReport(Self.reports[index])
    }

    @Test(arguments: signedReports.indices)
    func signedZoneReport(_ index: Int) async throws {
        try await Self.compareReport(Self.signedReports[index])
    }

    static func compareReport(_ report: (file: String, arguments: [String])) async throws {
        let result = try await TestWorld.runCLI(report.arguments)
        try compare("exit \(result.status)\n" + masked(result.stdout), file: report.file)
    }
}
