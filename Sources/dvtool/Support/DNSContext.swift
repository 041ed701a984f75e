import DVDNS

/// The client, delegation walker and resolvers a DNS command works with, built from its options.
struct DNSContext {
    let client: DNSClient
    let finder: AuthorityFinder
    let resolvers: [ServerAddress]
    let policy: QueryPolicy

    init(_ options: DNSServerOptions, timeout: Double) async throws(CLIError) {
        let hints: RootHints
        do { hints = try options.loadRootHints() } catch { throw .badInput(error.description) }
        do { client = try await DNSClient() } catch { throw .couldNotCheck("cannot open a UDP socket: \(error)") }
        policy = options.policy(timeout: timeout)
        resolvers = options.recursiveResolvers()
        finder = AuthorityFinder(client: client, rootHints: hints, policy: policy, fallbackResolvers: resolvers)
    }
}
