/// One question put to one server, and what came of it.
public struct DNSExchange: Sendable {
    public enum Transport: String, Sendable, Codable { case udp, tcp }

    public var query: DNSQuery
    public var server: ServerAddress
    public var outcome: Result<DNSMessage, DNSError>
    /// From the first send to the accepted answer (or the give-up time).
    public var roundTrip: Duration
    /// The transport of the final answer: `tcp` after a truncated UDP reply.
    public var transport: Transport

    /// `roundTrip` in milliseconds, to two decimals, as reports show it.
    public var roundTripMilliseconds: Double {
        let (seconds, attoseconds) = roundTrip.components
        return Double(seconds) * 1000 + Double(attoseconds / 10_000_000_000_000) / 100
    }

    public var message: DNSMessage? { try? outcome.get() }
    public var error: DNSError? {
        if case let .failure(error) = outcome { error } else { nil }
    }
}

/// How hard to try one server.
public struct QueryPolicy: Sendable, Hashable {
    /// The whole budget for one question to one server, UDP retries and TCP fallback included.
    public var timeout: Duration
    /// UDP sends within that budget, the waits between them doubling (exponential backoff).
    public var attempts: Int
    /// Ask over the persistent pipelined TCP connections from the start instead of UDP first.
    public var overTCP: Bool

    public init(timeout: Duration = .seconds(3), attempts: Int = 2, overTCP: Bool = false) {
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.overTCP = overTCP
    }

    /// For one of several servers that can each answer: a walk moves on to the next one after a second, as
    /// resolvers do (a silent server would otherwise cost the whole timeout per question); the last one asked gets
    /// the whole timeout.
    public func asking(_ index: Int, of count: Int) -> QueryPolicy {
        guard index < count - 1 else { return self }
        var shorter = self
        shorter.timeout = min(timeout, .seconds(1))
        return shorter
    }
}
