import NIOConcurrencyHelpers

/// What this run has seen of each server: how fast it answered, or that it stayed silent. Resolvers keep the same
/// (an infrastructure cache) to ask a zone's answering, fast servers first and spread their first questions.
final class ServerHealth: Sendable {
    private enum Seen {
        case answered(Duration)
        case silent
    }

    private let seen = NIOLockedValueBox<[ServerAddress: Seen]>([:])

    /// Servers within this of each other count as equally fast (Unbound's band is 400 ms too).
    private static let band = Duration.milliseconds(400)

    func record(_ exchanges: [DNSExchange]) {
        seen.withLockedValue { seen in
            for exchange in exchanges {
                switch exchange.outcome {
                case .success: seen[exchange.server] = .answered(exchange.roundTrip)
                case .failure(.timeout), .failure(.noRoute): seen[exchange.server] = .silent
                case .failure: continue
                }
            }
        }
    }

    func preferredOrder(_ servers: [ServerAddress]) -> [ServerAddress] {
        let known = seen.withLockedValue { seen in servers.map { seen[$0] } }
        func rank(_ seen: Seen?) -> Int {
            switch seen {
            case let .answered(roundTrip)?: roundTrip < Self.band ? 0 : 1 + Int(roundTrip / Self.band)
            case nil: 1
            case .silent?: Int.max
            }
        }
        return zip(servers, known.map(rank)).shuffled().sorted { $0.1 < $1.1 }.map(\.0)
    }
}
