import NIOConcurrencyHelpers

/// What each server's UDP behaviour says about response rate limiting (RRL), shared by all event loops.
///
/// RRL shows in two ways: a "slipped" answer (truncated, nothing in it, so an honest client retries over TCP)
/// and a dropped one (a resend of a non-recursive question was needed although the server answered other queries
/// sent with it). Once a server shows either a few times, every further query to it goes over TCP, which RRL does
/// not limit. A recursive question is never a drop: a resolver that has not answered may still be recursing into
/// a slow or lame upstream (and a modern Unbound discards what it could not finish), which is no rate limit, and
/// one such name must not move every later name to TCP or make it read `rate-limited`.
final class RateLimitLedger: Sendable {
    private struct Counts {
        var slips = 0
        var resends = 0
        var limiting = false
    }

    /// Two slips, or four resends to a server that answers: not chance loss, a limit.
    private static let slipsToSwitch = 2
    private static let resendsToSwitch = 4

    private let counts = NIOLockedValueBox<[ServerAddress: Counts]>([:])

    /// A truncated, empty answer: RRL's "slip". (Ordinary answers are not recorded: a lock per answer showed
    /// in bulk runs, and only slips and resends mean anything here.)
    func recordSlip(from server: ServerAddress) {
        counts.withLockedValue { all in
            var entry = all[server, default: Counts()]
            entry.slips += 1
            if entry.slips >= Self.slipsToSwitch { entry.limiting = true }
            all[server] = entry
        }
    }

    /// A resend of a non-recursive question was due; `serverAnswers` says whether the server answered other queries
    /// since it was sent (a dead server is not rate limiting).
    func recordResend(to server: ServerAddress, serverAnswers: Bool) {
        counts.withLockedValue { all in
            var entry = all[server, default: Counts()]
            entry.resends += 1
            if entry.resends >= Self.resendsToSwitch, serverAnswers { entry.limiting = true }
            all[server] = entry
        }
    }

    /// Whether `server` limits UDP answers to this client: ask it over TCP.
    func isLimiting(_ server: ServerAddress) -> Bool {
        counts.withLockedValue { $0[server]?.limiting ?? false }
    }
}
