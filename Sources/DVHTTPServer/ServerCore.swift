import NIOConcurrencyHelpers
import NIOCore

/// What every connection of one server shares, and how one connection is served.
final class ServerCore: Sendable {
    let configuration: TokenServerConfiguration
    let source: any TokenSource
    let log: any AccessLogSink
    let tracker: ConnectionTracker
    let stopSignal: StopSignal
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    init(configuration: TokenServerConfiguration, source: any TokenSource, log: any AccessLogSink, stopSignal: StopSignal) {
        self.configuration = configuration
        self.source = source
        self.log = log
        self.tracker = ConnectionTracker(limit: configuration.limits.maxConnections)
        self.stopSignal = stopSignal
    }

    /// A GET answered 200 for `path`.
    func fetched(_ path: String) {
        guard let wanted = configuration.untilFetched else { return }
        let snapshot = counts.withLockedValue { counts in
            counts[path, default: 0] += 1
            return counts
        }
        let paths = source.currentPaths()
        if !paths.isEmpty, paths.allSatisfy({ snapshot[$0, default: 0] >= wanted }) { stopSignal.stop(.allFetched) }
    }

    var fetchCounts: [String: Int] { counts.withLockedValue { $0 } }

    /// Answers 503 (the connection cap is reached) and closes.
    func refuse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        var responder = TokenResponder(server: self, channel: connection.channel)
        let refusal = responder.refusal(.serviceUnavailable, extra: "Retry-After: 1\r\n")
        try? await connection.executeThenClose { _, outbound in try await outbound.write(refusal) }
    }

    /// Serves one admitted connection until it closes, times out, or shutdown ends it.
    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, watch: ConnectionWatch) async {
        let limits = configuration.limits
        try? await connection.executeThenClose { inbound, outbound in
            await withTaskGroup(of: ConnectionWatch.Expiry?.self) { group in
                group.addTask { [self] in
                    try? await read(inbound, answering: outbound, watch: watch, limits: limits, channel: connection.channel)
                    return nil
                }
                group.addTask { await watch.expiry() }
                let first = await group.next() ?? nil
                group.cancelAll()
                await group.waitForAll()
                // The reader has ended: the 408 cannot interleave with an answer.
                if first == .slowHead {
                    var responder = TokenResponder(server: self, channel: connection.channel)
                    try? await outbound.write(responder.refusal(.requestTimeout))
                }
            }
        }
    }

    /// Reads request heads and writes their answers (all those of one read in one write), until the client
    /// closes, a response closes the connection, or shutdown finds it idle.
    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, answering outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                      watch: ConnectionWatch, limits: ServerLimits, channel: any Channel) async throws {
        var framer = HeadFramer(limits: limits)
        var responder = TokenResponder(server: self, channel: channel)
        var headStarted = ContinuousClock.now
        for try await var bytes in inbound {
            let now = ContinuousClock.now
            guard let draining = watch.startWork() else { return }
            if !framer.isInHead { headStarted = now }
            var answers: [ByteBuffer] = []
            var close = false
            reading: while true {
                switch framer.next(from: &bytes) {
                case let .head(head):
                    let answer = responder.answer(head, draining: draining)
                    answers.append(answer.bytes)
                    if answer.close { close = true; break reading }
                    if !framer.isInHead { headStarted = now }
                case .needMore:
                    break reading
                case let .tooLarge(status):
                    answers.append(responder.refusal(status))
                    close = true
                    break reading
                }
            }
            if !answers.isEmpty { try await outbound.write(contentsOf: answers) }
            if close { return }
            let open = watch.finishWork(inHead: framer.isInHead, headDeadline: headStarted + limits.headerTimeout,
                                        idleDeadline: now + limits.idleTimeout)
            if !open { return }
        }
    }
}

/// The open connections, capped; used for the connection limit and graceful shutdown.
final class ConnectionTracker: Sendable {
    private struct State: Sendable {
        var open: [ObjectIdentifier: ConnectionWatch] = [:]
        var draining = false
    }

    let limit: Int
    private let state = NIOLockedValueBox(State())

    init(limit: Int) { self.limit = limit }

    /// A watch for a new connection, or nil when the cap is reached or the server shuts down.
    func admit(_ channel: any Channel, headerTimeout: Duration) -> ConnectionWatch? {
        state.withLockedValue { state in
            guard !state.draining, state.open.count < limit else { return nil }
            let watch = ConnectionWatch(channel: channel, deadline: .now + headerTimeout)
            state.open[ObjectIdentifier(watch)] = watch
            return watch
        }
    }

    func remove(_ watch: ConnectionWatch) {
        _ = state.withLockedValue { $0.open.removeValue(forKey: ObjectIdentifier(watch)) }
    }

    var count: Int { state.withLockedValue(\.open.count) }

    /// Stops admitting connections and asks the open ones to finish.
    func drain() {
        let open = state.withLockedValue { state in
            state.draining = true
            return Array(state.open.values)
        }
        for watch in open { watch.drain() }
    }

    /// The end of the grace period: whatever is still open is closed.
    func closeAll() {
        for watch in state.withLockedValue({ Array($0.open.values) }) { watch.channel.close(promise: nil) }
    }
}

/// How `stop` reaches a waiting `run`, from any thread, more than once.
final class StopSignal: Sendable {
    private struct State: Sendable {
        var reason: StopReason?
        var waiter: CheckedContinuation<StopReason, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func stop(_ reason: StopReason) {
        let (waiter, first) = state.withLockedValue { state in
            if state.reason == nil { state.reason = reason }
            defer { state.waiter = nil }
            return (state.waiter, state.reason!)
        }
        waiter?.resume(returning: first)
    }

    /// Returns the first stop's reason, once there is one.
    func wait() async -> StopReason {
        await withCheckedContinuation { continuation in
            let reason = state.withLockedValue { state in
                if state.reason == nil { state.waiter = continuation }
                return state.reason
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }
}
