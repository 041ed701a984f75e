import Testing
import DVCAA
import DVDNS
import DVTXT
import DVTestSupport

/// Checkers wired to the loopback DNS world (`TestWorld`); they fail, never skip, when it is down.
enum TXTWorld {
    static let resolver = TestWorld.resolver
    static let policy = QueryPolicy(timeout: .milliseconds(1500), attempts: 2)

    static func context(resolvers: [ServerAddress]) async throws -> (DNSClient, AuthorityFinder) {
        try await TestWorld.prepare(policy: policy)
        let client = try await DNSClient()
        let hints = try RootHints.load(path: TestWorld.rootHintsPath)
        return (client, AuthorityFinder(client: client, rootHints: hints, policy: policy, fallbackResolvers: resolvers))
    }

    static func txt(resolvers: [ServerAddress] = [resolver]) async throws -> TXTChecker {
        let (client, finder) = try await context(resolvers: resolvers)
        return TXTChecker(client: client, finder: finder, resolvers: resolvers, policy: policy)
    }

    static func caa(resolvers: [ServerAddress] = [resolver]) async throws -> CAAChecker {
        let (client, finder) = try await context(resolvers: resolvers)
        return CAAChecker(client: client, finder: finder, resolvers: resolvers, policy: policy)
    }
}

func dns(_ text: String) -> DNSName { try! DNSName(text) }

extension TXTReport {
    var errorCodes: Set<String> { Set(problems.filter { $0.severity == .error }.map(\.code.rawValue)) }
    var codes: Set<String> { Set(problems.map(\.code.rawValue)) }
}
