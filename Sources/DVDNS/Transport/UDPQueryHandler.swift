import NIOCore

/// Owns the queries in flight on one UDP socket; runs only on that socket's event loop.
///
/// Replies are matched on source address, message id and question; anything else is dropped,
/// so a spoofed or stray datagram can neither answer nor break a query.
///
/// Retries and timeouts come from one sweep timer per socket rather than timers per query: with
/// thousands of queries in flight, scheduling and cancelling per-query timers cost more than the queries.
/// Sends queued within one event-loop tick leave in one flush (sendmmsg).
///
/// A resend is a *drop* when the question was non-recursive (RD=0) and the server answered other queries after
/// it was sent: an authoritative server answers from memory, so silence while it answers the rest of a burst is
/// RRL (or loss under load). A recursive question is never a drop: a resolver that has not answered yet may still
/// be recursing into a slow, dead or lame upstream while it answers cached names at once, which says nothing about
/// limits; taking that for RRL moved every later name to TCP and made them read `rate-limited`.
///
/// Each server gets an in-flight window that adapts (AIMD): it halves on a drop and grows by one per window of
/// answers. Queries beyond it wait here. A server the `RateLimitLedger` finds limiting (drops or slips) is left to
/// TCP: its due resends fail with `SwitchToTCP`.
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// How often the sweep looks for queries to resend or give up: the granularity of timeouts.
    static let sweepInterval = TimeAmount.milliseconds(10)

    private struct Key: Hashable {
        let server: SocketAddress
        let id: UInt16
    }

    /// A request on the wire: sent `sends` times so far.
    private struct Pending {
        let request: Request
        let wire: ByteBuffer
        var interval: TimeAmount
        var nextSend: NIODeadline
        var sends = 1
        var malformedReplies = 0
        /// The server's `answerCount` when this was first sent.
        let answersBefore: Int

        var server: ServerAddress { request.server }
        var serverName: String { request.serverName }
        var promise: EventLoopPromise<DNSMessage> { request.promise }
    }

    /// The adaptive share of one server's queries this socket keeps in flight.
    private struct Window {
        static let initial = 1024.0
        static let minimum = 2.0
        var limit = Window.initial
        var inFlight = 0
        var waiting = CircularBuffer<Request>()
        var lastDecrease = NIODeadline.distantPast
    }

    /// One question as asked: where to, and until when.
    private struct Request {
        let query: DNSQuery
        let server: ServerAddress
        let address: SocketAddress
        let serverName: String
        let policy: QueryPolicy
        let deadline: NIODeadline
        let promise: EventLoopPromise<DNSMessage>
    }

    private let ledger: RateLimitLedger
    private var pending: [Key: Pending] = [:]
    private var windows: [ServerAddress: Window] = [:]
    /// Answers from each server on this socket: a drop needs answers after the question was sent, not a server
    /// that answered once, long ago, and has died since.
    private var answerCount: [ServerAddress: Int] = [:]
    private var context: ChannelHandlerContext?
    private var ids = RandomIDs()
    private var sweep: Scheduled<Void>?
    private let flush = CoalescedFlush()
    private var recentNames = RecentNames()

    init(ledger: RateLimitLedger) { self.ledger = ledger }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        sweep?.cancel()
        sweep = nil
        for (_, entry) in pending {
            entry.promise.fail(DNSError.network(server: entry.serverName, "socket closed"))
        }
        pending.removeAll()
        for (_, window) in windows {
            for entry in window.waiting { entry.promise.fail(DNSError.network(server: entry.serverName, "socket closed")) }
        }
        windows.removeAll()
    }

    /// Sends `query` now (or once the server's window has room) and again with doubling waits until
    /// answered or out of time.
    func start(_ query: DNSQuery, to server: ServerAddress, address: SocketAddress, serverName: String, policy: QueryPolicy,
               promise: EventLoopPromise<DNSMessage>) {
        guard context != nil else {
            promise.fail(DNSError.network(server: serverName, "socket closed"))
            return
        }
        let deadline = NIODeadline.now() + .nanoseconds(policy.timeout.nanoseconds)
        let waiting = Request(query: query, server: server, address: address, serverName: serverName, policy: policy,
                              deadline: deadline, promise: promise)
        var window = windows[server, default: Window()]
        guard window.inFlight < Int(window.limit) else {
            window.waiting.append(waiting)
            windows[server] = window
            if let context { scheduleSweep(context: context) }
            return
        }
        window.inFlight += 1
        windows[server] = window
        send(waiting)
    }

    private func send(_ waiting: Request) {
        let (query, server, serverName, policy, promise) = (waiting.query, waiting.address, waiting.serverName, waiting.policy, waiting.promise)
        guard let context else {
            promise.fail(DNSError.network(server: serverName, "socket closed"))
            return
        }
        var key: Key
        repeat {
            key = Key(server: server, id: ids.next())
        } while pending[key] != nil
        var wire = context.channel.allocator.buffer(capacity: 64)
        do {
            try PlainWire.write(query, id: key.id, to: &wire)
        } catch {
            settle(waiting.server)
            promise.fail(error)
            return
        }
        let now = NIODeadline.now()
        // Exponential backoff within the budget: the waits before each send double (1, 2, 4… parts of
        // 2^attempts − 1), so a server that drops under load gets room, and the last try still has time.
        let parts = (1 << min(policy.attempts, 16)) - 1
        let interval = TimeAmount.nanoseconds((policy.timeout / parts).nanoseconds)
        pending[key] = Pending(request: waiting, wire: wire, interval: interval, nextSend: min(now + interval, waiting.deadline),
                               answersBefore: answerCount[waiting.server, default: 0])
        send(wire, to: server, context: context)
        scheduleSweep(context: context)
    }

    private func send(_ wire: ByteBuffer, to server: SocketAddress, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: server, data: wire)), promise: nil)
        flush.request(context)
    }

    private func scheduleSweep(context: ChannelHandlerContext) {
        guard sweep == nil else { return }
        sweep = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: Self.sweepInterval) { [weak self] in
            self?.runSweep()
        }
    }

    private func runSweep() {
        sweep = nil
        guard let context else { return }
        let now = NIODeadline.now()
        // Once a server is found limiting (here or on another loop), what is in flight to it moves to TCP at
        // once instead of waiting for its resend time: a dropped answer would otherwise cost the whole interval.
        var limiting: [ServerAddress: Bool] = [:]
        for (key, entry) in pending {
            let isLimiting = limiting[entry.server] ?? ledger.isLimiting(entry.server)
            limiting[entry.server] = isLimiting
            if isLimiting {
                pending[key] = nil
                settle(entry.server)
                entry.promise.fail(SwitchToTCP())
            } else if entry.request.deadline <= now {
                pending[key] = nil
                settle(entry.server)
                entry.promise.fail(DNSError.timeout(server: entry.serverName, attempts: entry.sends, malformedReplies: entry.malformedReplies))
            } else if entry.nextSend <= now, entry.sends < entry.request.policy.attempts {
                // Only a drop counts and shrinks the window: a dead server is not limiting, and a slow resolver's
                // window must not shrink, or its slow names would fill it and starve the names it answers at once.
                if isDrop(entry) {
                    ledger.recordDrop(by: entry.server)
                    shrinkWindow(of: entry.server, now: now)
                }
                if ledger.isLimiting(entry.server) {
                    pending[key] = nil
                    settle(entry.server)
                    entry.promise.fail(SwitchToTCP())
                    continue
                }
                pending[key]?.sends += 1
                pending[key]?.interval = entry.interval * 2
                pending[key]?.nextSend = min(now + entry.interval * 2, entry.request.deadline)
                send(entry.wire, to: key.server, context: context)
            }
        }
        for (server, window) in windows where !window.waiting.isEmpty {
            expireWaiting(of: server, window: window, now: now)
        }
        if !pending.isEmpty || windows.values.contains(where: { !$0.waiting.isEmpty }) { scheduleSweep(context: context) }
    }

    /// See the type's comment: RD=0, and the server answered others after this was sent.
    private func isDrop(_ entry: Pending) -> Bool {
        !entry.request.query.recursionDesired && answerCount[entry.server, default: 0] > entry.answersBefore
    }

    /// Queries that waited for room past their whole budget.
    private func expireWaiting(of server: ServerAddress, window: Window, now: NIODeadline) {
        var window = window
        var kept = CircularBuffer<Request>()
        for entry in window.waiting {
            if entry.deadline <= now {
                entry.promise.fail(ledger.isLimiting(server)
                    ? DNSError.rateLimited(server: entry.serverName, "the server's window never had room")
                    : DNSError.timeout(server: entry.serverName, attempts: 0, malformedReplies: 0))
            } else {
                kept.append(entry)
            }
        }
        window.waiting = kept
        windows[server] = window
    }

    /// Multiplicative decrease, at most once per sweep interval: one burst of drops halves the window once.
    private func shrinkWindow(of server: ServerAddress, now: NIODeadline) {
        guard var window = windows[server], now - window.lastDecrease >= Self.sweepInterval else { return }
        window.limit = max(Window.minimum, window.limit / 2)
        window.lastDecrease = now
        windows[server] = window
    }

    /// One query of `server` left the wire (answered or given up): its slot goes to the next waiting one.
    private func settle(_ server: ServerAddress, answered: Bool = false) {
        guard var window = windows[server] else { return }
        window.inFlight -= 1
        if answered { window.limit += 1 / window.limit }
        while window.inFlight < Int(window.limit), let next = window.waiting.popFirst() {
            if ledger.isLimiting(server) {
                next.promise.fail(SwitchToTCP())
                continue
            }
            window.inFlight += 1
            windows[server] = window
            send(next)
            window = windows[server] ?? window
        }
        windows[server] = window
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let buffer = envelope.data
        guard buffer.readableBytes >= 12, let id = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return }
        let key = Key(server: envelope.remoteAddress, id: id)
        guard let entry = pending[key] else { return }
        // Decoded where it lies in the receive buffer: a copy per answer was one more allocation.
        let asked = entry.request.query.name
        guard let message = try? buffer.withUnsafeReadableBytes({ bytes throws(DNSError) in
            try PlainWire.decode(bytes, recent: &recentNames, asked: asked)
        }) else {
            pending[key]?.malformedReplies += 1
            return
        }
        guard message.answers(entry.request.query) else { return }
        pending[key] = nil
        // A "slipped" RRL answer: truncated with nothing in it, for a question whose honest answer is small
        // (a large TXT or CAA set may truncate for real).
        if message.truncated, message.answer.isEmpty, message.authority.isEmpty,
           [.a, .aaaa, .ns, .soa].contains(entry.request.query.type) {
            ledger.recordSlip(from: entry.server)
        }
        answerCount[entry.server, default: 0] += 1
        settle(entry.server, answered: true)
        entry.promise.succeed(message)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (port unreachable) surface here without saying which query they belong to;
        // the affected queries run into their timeout and are reported per server.
    }
}

/// The server limits UDP answers: the query is to be asked again over TCP, with the time it has left.
struct SwitchToTCP: Error {}

/// Query ids from the system CSPRNG, four per 64-bit draw and 512 at a time: a random read per
/// query was a measurable share of a bulk run.
struct RandomIDs {
    private var pool: [UInt16] = []

    mutating func next() -> UInt16 {
        if pool.isEmpty {
            var generator = SystemRandomNumberGenerator()
            pool.reserveCapacity(512)
            for _ in 0..<128 {
                let word = generator.next()
                for shift in stride(from: 0, to: 64, by: 16) { pool.append(UInt16(truncatingIfNeeded: word >> UInt64(shift))) }
            }
        }
        return pool.removeLast()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
