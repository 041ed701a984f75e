import NIOConcurrencyHelpers

/// What each server's UDP behaviour says about response rate limiting (RRL), shared by all event loops.
///
/// RRL shows in two ways: a "slipped" answer (truncated, nothing in it, so an honest client retries over TCP)
/// and a dropped one (see `UDPQueryHandler`: a non-recursive question that needed a resend although the server
/// answered other queries while it waited). Once a server shows either a few times, every further query to it goes
/// over TCP, which RRL does not limit.
final class RateLimitLedger: Sendable {
    private struct Counts {
        var slips = 0
        var drops = 0

        /// Two slips, or four drops: not chance loss, a limit.
        var limiting: Bool { slips >= 2 || drops >= 4 }
    }

    private let counts = NIOLockedValueBox<[ServerAddress: Counts]>([:])

    /// A truncated, empty answer: RRL's "slip". (Ordinary answers are not recorded: a lock per answer showed
    /// in bulk runs, and only slips and resends mean anything here.)
    func recordSlip(from server: ServerAddress) {
        counts.withLockedValue { $0[server, default: Counts()].slips += 1 }
    }

    /// An answer the server dropped while it answered others (a dead or merely slow server is no evidence).
    func recordDrop(by server: ServerAddress) {
        counts.withLockedValue { $0[server, default: Counts()].drops += 1 }
    }

    /// Whether `server` limits UDP answers to this client: ask it over TCP.
    func isLimiting(_ server: ServerAddress) -> Bool {
        counts.withLockedValue { $0[server]?.limiting ?? false }
    }
}
