import DVDNS
import DVDNSSEC
import DVHTTPCheck
import DVPerspective
import DVResolve
import DVTXT

/// The client, delegation walker and resolvers a DNS command works with, built from its options.
struct DNSContext {
    let client: DNSClient
    let finder: AuthorityFinder
    let resolvers: [ServerAddress]
    let policy: QueryPolicy
    /// Validates what the checks look up; nil when DNSSEC is left out (see `loadTrustAnchor`).
    let dnssec: DNSSECValidator?

    init(_ options: DNSServerOptions, timeout: Double, dnssec use: DNSSECUse = .ifAsked) async throws(CLIError) {
        let anchor = try options.loadTrustAnchor(use)
        let hints: RootHints
        do { hints = try options.loadRootHints() } catch { throw .badInput(error.description) }
        do { client = try await DNSClient() } catch { throw .couldNotCheck("cannot open a UDP socket: \(error)") }
        policy = options.policy(timeout: timeout)
        resolvers = options.recursiveResolvers()
        finder = AuthorityFinder(client: client, rootHints: hints, policy: policy, fallbackResolvers: resolvers)
        if let anchor {
            dnssec = DNSSECValidator(client: client, finder: finder, policy: policy, anchor: anchor)
        } else {
            dnssec = nil
        }
    }

    // The checks, wired to this context's client, walker, resolvers, policy and DNSSEC validator.
    var txtChecker: TXTChecker { TXTChecker(client: client, finder: finder, resolvers: resolvers, policy: policy, dnssec: dnssec) }
    var caaChecker: CAAChecker { CAAChecker(client: client, finder: finder, resolvers: resolvers, policy: policy, dnssec: dnssec) }

    func resolveChecker(types: [RecordType] = [.a, .aaaa]) -> ResolveChecker {
        ResolveChecker(client: client, finder: finder, resolvers: resolvers, policy: policy, types: types, dnssec: dnssec)
    }

    func perspectiveAgent(code: String) -> PerspectiveAgent {
        PerspectiveAgent(code: code, client: client, finder: finder, resolvers: resolvers, policy: policy, http: httpConnections)
    }

    /// CA-style HTTP fetches through the same resolvers.
    var httpConnections: HTTPConnections {
        HTTPConnections(resolver: DNSHostResolver(client: client, resolvers: resolvers, policy: policy), tls: OpenSSLConnector())
    }
}
