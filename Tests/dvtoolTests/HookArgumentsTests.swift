import Foundation
import Testing
import DVTestSupport

/// What an ACME client passes reaches the hook as the client's, never as dvtool's options: one dns-01 value in 64
/// begins with "-" (base64url), and lego's run then failed with "Unknown option '-M'".
@Suite("hook: the client's arguments", .serialized)
struct HookArgumentsTests {
    @Test func aValueBeginningWithADashIsTheClientsValue() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-hook-args-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let link = scratch.appendingPathComponent("dvtool-lego")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: CLI.binary.path)
        let environment = ["DVTOOL_HOOK_RUN": "true", "DVTOOL_WAIT_TIMEOUT": "1s", "DVTOOL_ROOT_HINTS": CLI.rootHints,
                           "DVTOOL_RESOLVER": "127.53.53.53"].merging(try await TestWorld.environment()) { $1 }
        let result = try CLI.run(["present", "_acme-challenge.nothere.example.test.", "-Mabc_def-ghi"], bytes: nil, timeout: 30,
                                 environment: environment, executable: link)
        #expect(!result.stderr.contains("Unknown option"), "\(result.stderr)")
        #expect(result.status == 1, "not ready: the record is not there\n\(result.stdout)\n\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("\"-Mabc_def-ghi\""), "\(result.stdout)\n\(result.stderr)")
        let help = try CLI.run(["--help"], bytes: nil, timeout: 30, executable: link)
        #expect(help.stdout.contains("USAGE: dvtool hook"), "dvtool-lego --help is hook's help: \(help.stdout)")
        let direct = try CLI.run(["hook", "lego", "--", "present", "_acme-challenge.nothere.example.test.", "-Mabc_def-ghi"],
                                 timeout: 30, environment: environment)
        #expect(!direct.stderr.contains("Unknown option"), "\(direct.stderr)")
        #expect(direct.status == 1)
    }
}
