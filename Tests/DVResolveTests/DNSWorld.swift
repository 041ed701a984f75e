import Foundation
import Testing
import DVDNS
import DVResolve

/// The loopback DNS world started by `scripts/testnet up`. Tests fail, never skip, when it is down.
enum DNSWorld {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rootHintsPath = packageRoot.appendingPathComponent("zones/root.hints").path
    static let resolver = ServerAddress(parsing: "127.53.53.53")!
    static let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)

    /// A checker wired to the world; `#require`s that the root answers.
    static func checker(resolvers: [ServerAddress] = [resolver], rootHints: RootHints? = nil) async throws -> ResolveChecker {
        let client = try await DNSClient()
        let worldRoot = try RootHints.load(path: rootHintsPath)
        let hints = rootHints ?? worldRoot
        let probe = await client.query(DNSQuery(name: .root, type: .soa), server: worldRoot.addresses[0], policy: policy)
        try #require(probe.message != nil, "the DNS world is down: run `scripts/testnet up` (\(probe.error?.description ?? ""))")
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
