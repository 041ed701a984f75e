import NIOConcurrencyHelpers

/// What each server's UDP behaviour says about response rate limiting (RRL), shared by all event loops.
///
/// RRL shows in two ways: a "slipped" answer (truncated, nothing in it, so an honest client retries over TCP)
/// and a dropped one (a resend was needed although the server answers other queries). Once a server shows
/// either a few times, every further query to it goes over TCP, which RRL does not limit.
final class RateLimitLedger: Sendable {
    private struct Counts {
        var answers = 0
        var slips = 0
        var resends = 0
        var limiting = false
    }

    /// Two slips, or four resends to a server that answers: not chance loss, a limit.
    private static let slipsToSwitch = 2
    private static let resendsToSwitch = 4

    private let counts = NIOLockedValueBox<[ServerAddress: Counts]>([:])

    func recordAnswer(from server: ServerAddress, slipped: Bool) {
        counts.withLockedValue { all in
            var entry = all[server, default: Counts()]
            entry.answers += 1
            if slipped {
                entry.slips += 1
                if entry.slips >= Self.slipsToSwitch { entry.limiting = true }
            }
            all[server] = entry
        }
    }

    func recordResend(to server: ServerAddress) {
        counts.withLockedValue { all in
            var entry = all[server, default: Counts()]
            entry.resends += 1
            if entry.resends >= Self.resendsToSwitch, entry.answers > 0 { entry.limiting = true }
            all[server] = entry
        }
    }

    /// Whether `server` limits UDP answers to this client: ask it over TCP.
    func isLimiting(_ server: ServerAddress) -> Bool {
        counts.withLockedValue { $0[server]?.limiting ?? false }
    }
}
