import NIOConcurrencyHelpers
import NIOCore

/// What a connection's reader, its timer and the server's shutdown share: where the connection is, when
/// that times out, and whether shutdown asked it to finish.
final class ConnectionWatch: Sendable {
    enum Phase: Sendable { case idle, readingHead, busy }
    /// How a connection's timer ended it.
    enum Expiry: Sendable { case slowHead, idle }

    private struct State: Sendable {
        var phase = Phase.idle
        var deadline: ContinuousClock.Instant
        var draining = false
        var expired = false
    }

    let channel: any Channel
    private let state: NIOLockedValueBox<State>

    init(channel: any Channel, deadline: ContinuousClock.Instant) {
        self.channel = channel
        state = NIOLockedValueBox(State(deadline: deadline))
    }

    /// Bytes arrived: the reader works on them. Returns whether shutdown was asked, or nil when the timer already
    /// ended the connection.
    func startWork() -> Bool? {
        state.withLockedValue { state in
            if state.expired { return nil }
            state.phase = .busy
            return state.draining
        }
    }

    /// The reader waits for bytes again, inside a head (`headDeadline`) or between requests (`idleDeadline`).
    /// Returns false when the connection should close now (shutdown, and no head in progress).
    func finishWork(inHead: Bool, headDeadline: ContinuousClock.Instant, idleDeadline: ContinuousClock.Instant) -> Bool {
        state.withLockedValue { state in
            state.phase = inHead ? .readingHead : .idle
            state.deadline = inHead ? headDeadline : idleDeadline
            return !(state.draining && !inHead)
        }
    }

    /// Graceful shutdown: an idle connection closes now, a busy one after its answer (with `Connection: close`).
    func drain() {
        let idle = state.withLockedValue { state in
            state.draining = true
            return state.phase == .idle
        }
        if idle { channel.close(promise: nil) }
    }

    /// Sleeps until the connection's deadline passes without being moved; nil when cancelled (the reader ended
    /// first). The deadline is re-read on waking rather than re-armed on every request.
    func expiry() async -> Expiry? {
        while true {
            let deadline = state.withLockedValue(\.deadline)
            do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return nil }
            let expiry = state.withLockedValue { state -> Expiry? in
                guard ContinuousClock.now >= state.deadline else { return nil }
                state.expired = true
                return state.phase == .readingHead ? .slowHead : .idle
            }
            if let expiry { return expiry }
        }
    }
}
