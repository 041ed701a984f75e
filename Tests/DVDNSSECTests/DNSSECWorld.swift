import Foundation
import Testing
import DVDNS
import DVDNSSEC
import DVTestSupport

/// The signed part of the DNS world (`TestWorld`: the fake world by default, signed as `scripts/testnet up` signs
/// the real one): dnssec.test and one child zone per case. Tests fail, never skip, when it is down.
enum DNSSECWorld {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let anchorPath = packageRoot.appendingPathComponent("zones/trust-anchor.ds").path
    static let resolver = ServerAddress(parsing: "127.53.53.53")!
    static let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)

    /// A validator wired to the world (from its anchor, or the one in `anchorFile`); `#require`s that the signed root answers.
    static func validator(anchorFile: String = anchorPath) async throws -> (DNSSECValidator, DNSClient) {
        try await TestWorld.prepare()
        let client = try await DNSClient()
        let hints = try RootHints.load(path: packageRoot.appendingPathComponent("zones/root.hints").path)
        let probe = await client.query(DNSQuery(name: .root, type: .dnskey, dnssecOK: true), server: hints.addresses[0], policy: policy)
        try #require(probe.message?.answer.contains { $0.type == .dnskey } == true,
                     "the signed DNS world is down (\(TestWorld.isReal ? "run `scripts/testnet up`" : "the fake world has no DNSKEY at its root"): \(probe.error?.description ?? "no DNSKEY at the root"))")
        let finder = AuthorityFinder(client: client, rootHints: hints, policy: policy, fallbackResolvers: [])
        return (DNSSECValidator(client: client, finder: finder, policy: policy, anchor: try TrustAnchor(file: anchorFile)), client)
    }

    /// Runs a program and returns its standard output; requires it to end within `timeout` seconds.
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning && Date() < deadline { usleep(10_000) }
        try #require(!process.isRunning, "\(program) did not finish within \(timeout) s")
        return String(decoding: data, as: UTF8.self)
    }
}
