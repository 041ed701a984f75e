/// Errors of the DNS module: bad input, undecodable messages and per-server network failures.
public enum DNSError: Error, Sendable, Hashable {
    case badName(String, String)
    case malformedMessage(String)
    case timeout(server: String, attempts: Int, malformedReplies: Int)
    case connectionRefused(server: String)
    case network(server: String, String)
    /// This machine has no route to the server (no IPv6, a blackhole or unreachable route): a limit of where
    /// the check runs, not a fault of the server.
    case noRoute(server: String, String)
    case truncatedOverTCP(server: String)
    /// The server answers others but not this client's queries: response rate limiting, not a problem of the name.
    case rateLimited(server: String, String)
    case badRootHints(path: String, String)
}

extension DNSError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .badName(name, why): "invalid domain name \"\(name)\": \(why)"
        case let .malformedMessage(why): "malformed DNS message: \(why)"
        case let .timeout(server, attempts, malformed):
            "no answer from \(server) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
                + (malformed > 0 ? " (\(malformed) malformed repl\(malformed == 1 ? "y" : "ies") ignored)" : "")
        case let .connectionRefused(server): "\(server) refused the connection (nothing listens on port 53?)"
        case let .network(server, why): "network error talking to \(server): \(why)"
        case let .noRoute(server, why): "no route from this machine to \(server): \(why)"
        case let .truncatedOverTCP(server): "\(server) sent a truncated answer even over TCP"
        case let .rateLimited(server, why): "\(server) rate-limits this client (response rate limiting): \(why)"
        case let .badRootHints(path, why): "cannot use root hints \(path): \(why)"
        }
    }

    /// A short stable code for JSON output.
    public var code: String {
        switch self {
        case .badName: "bad-name"
        case .malformedMessage: "malformed"
        case .timeout: "timeout"
        case .connectionRefused: "connection-refused"
        case .network: "network"
        case .noRoute: "no-route"
        case .truncatedOverTCP: "truncated"
        case .rateLimited: "rate-limited"
        case .badRootHints: "bad-root-hints"
        }
    }
}
