import Foundation
import Testing
import DVDNS
import DVResolve
import DVTestSupport

/// The loopback DNS world (`TestWorld`: the fake one, or with DVTOOL_WORLD=real `scripts/testnet up`'s). Tests
/// fail, never skip, when it is down.
enum DNSWorld {
    static let packageRoot = CLI.packageRoot
    static let resolver = TestWorld.resolver
    static let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)

    /// A checker wired to the world; `#require`s that the root answers.
    static func checker(resolvers: [ServerAddress] = [resolver], rootHints: RootHints? = nil) async throws -> ResolveChecker {
        try await TestWorld.prepare(policy: policy)
        let client = try await DNSClient()
        let hints = try rootHints ?? RootHints.load(path: TestWorld.rootHintsPath)
        let finder = AuthorityFinder(client: client, rootHints: hints, policy: policy, fallbackResolvers: resolvers)
        return ResolveChecker(client: client, finder: finder, resolvers: resolvers, policy: policy)
    }

    /// Runs `scripts/testnet ARGS...` and requires success.
    static func testnet(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent("scripts/testnet")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(process.terminationStatus == 0, "scripts/testnet \(arguments.joined(separator: " ")) failed: \(message)")
    }
}

extension ResolveReport {
    var codes: Set<String> { Set(problems.map(\.code.rawValue)) }
    var errorCodes: Set<String> { Set(problems.filter { $0.severity == .error }.map(\.code.rawValue)) }
    func rows(_ type: String, name: String? = nil) -> [ServerAnswer] {
        authoritative.filter { $0.type == type && (name == nil || $0.name == name) }
    }
}

func ip(_ text: String) -> IPAddress { IPAddress(text)! }
func dns(_ text: String) -> DNSName { try! DNSName(text) }
