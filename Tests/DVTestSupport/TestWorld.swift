import Foundation
import Testing
import DVDNS

/// The DNS world a test talks to, one helper for every suite: by default the hermetic fake world (`FakeWorld`, no
/// root needed), with `DVTOOL_WORLD=real` the NSD/Unbound world of `scripts/testnet up`. Either way tests name the
/// same addresses (127.53.x.y:53), files (zones/root.hints) and resolver, and fail, never skip, when their world
/// does not answer.
public enum TestWorld {
    /// `DVTOOL_WORLD=real` (set by `.ci/run` and `scripts/test`): the real servers.
    public static let isReal = ProcessInfo.processInfo.environment["DVTOOL_WORLD"] == "real"

    /// For what only real servers show (response rate limiting, Unbound's validation, the signed zones).
    public static let realOnly = Testing.ConditionTrait.enabled(if: isReal, "needs the NSD/Unbound world: DVTOOL_WORLD=real")

    /// The same, saying what of the real world the test needs (shown when the hermetic tier skips it).
    public static func realOnly(_ reason: String) -> Testing.ConditionTrait {
        .enabled(if: isReal, "\(reason): runs with DVTOOL_WORLD=real")
    }

    public static let rootHintsPath = CLI.packageRoot.appendingPathComponent("zones/root.hints").path
    public static let resolver = ServerAddress(parsing: "127.53.53.53")!

    private static let fake = Task { try await FakeWorld.start(packageRoot: CLI.packageRoot) }

    /// Readies the world for `DNSClient`s made after it: starts the fake world once per process and routes the
    /// world's addresses to it, then `#require`s that the root answers.
    public static func prepare(policy: QueryPolicy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)) async throws {
        if !isReal { TestRoutes.add(try await fake.value.routes) }
        let client = try await DNSClient()
        defer { Task { await client.shutdown() } }
        let hints = try RootHints.load(path: rootHintsPath)
        let probe = await client.query(DNSQuery(name: .root, type: .soa), server: hints.addresses[0], policy: policy)
        try #require(probe.message != nil, """
            the DNS world is down: \(isReal ? "run `scripts/testnet up`" : "the fake world did not answer") \
            (\(probe.error?.description ?? ""))
            """)
    }

    /// What a dvtool process needs to reach the same world: the fake world's routes (nothing for the real one).
    public static func environment() async throws -> [String: String] {
        if isReal { return [:] }
        return [TestRoutes.environmentVariable: try await fake.value.routesVariable]
    }

    /// Where the world's server `address` (port 53) really listens, for tools that know no routes (`dig -p`).
    public static func listeningAddress(of address: String) async throws -> ServerAddress {
        let server = try #require(ServerAddress(parsing: address), "\(address) is no server address")
        if isReal { return server }
        return try #require(try await fake.value.routes[server], "the fake world has no server at \(address)")
    }

    /// `scripts/testnet ARGUMENTS` for the zone edits tests make (set-record, add-record, delete-record, reset,
    /// flush): the script itself for the real world; for the fake one the same edits of its zones
    /// (`FakeZoneEdits`) and the same flushes of its resolver's cache (`FakeResolverCache`).
    public static func testnet(_ arguments: [String]) throws {
        guard isReal else {
            switch arguments.first {
            case "flush":
                guard arguments.count == 2 else { throw FakeZoneEdits.Refused(description: "usage: flush NAME") }
                FakeResolverCache.flush(try DNSName(arguments[1].hasSuffix(".") ? arguments[1] : arguments[1] + "."))
            case "reset":
                try FakeZoneEdits.apply(arguments)
                FakeResolverCache.reset()
            default:
                try FakeZoneEdits.apply(arguments)
            }
            return
        }
        let result = try CLI.run(arguments, bytes: nil, timeout: 60,
                                 executable: CLI.packageRoot.appendingPathComponent("scripts/testnet"))
        guard result.status == 0 else {
            throw FakeZoneEdits.Refused(description: "scripts/testnet \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
    }

    /// Runs `dvtool ARGUMENTS` against this world (`CLI.run` with `environment()` added to `environment`).
    public static func runCLI(_ arguments: [String], input: String? = nil, timeout: TimeInterval = 60,
                              environment extra: [String: String] = [:]) async throws -> CLI.Result {
        try CLI.run(arguments, input: input, timeout: timeout, environment: extra.merging(try await environment()) { $1 })
    }
}
