import NIOCore

/// Owns the queries in flight on one UDP socket; runs only on that socket's event loop.
///
/// Replies are matched on source address, message id and question; anything else is dropped,
/// so a spoofed or stray datagram can neither answer nor break a query.
///
/// Retries and timeouts come from one sweep timer per socket rather than timers per query: with
/// thousands of queries in flight, scheduling and cancelling per-query timers cost more than the queries.
/// Sends queued within one event-loop tick leave in one flush (sendmmsg).
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// How often the sweep looks for queries to resend or give up: the granularity of timeouts.
    static let sweepInterval = TimeAmount.milliseconds(10)

    private struct Key: Hashable {
        let server: SocketAddress
        let id: UInt16
    }

    private struct Pending {
        let query: DNSQuery
        let serverName: String
        let wire: ByteBuffer
        let attempts: Int
        let interval: TimeAmount
        let deadline: NIODeadline
        var nextSend: NIODeadline
        var sends = 1
        var malformedReplies = 0
        let promise: EventLoopPromise<DNSMessage>
    }

    private var pending: [Key: Pending] = [:]
    private var context: ChannelHandlerContext?
    private var ids = RandomIDs()
    private var sweep: Scheduled<Void>?
    private var flushQueued = false

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        sweep?.cancel()
        sweep = nil
        for (_, entry) in pending {
            entry.promise.fail(DNSError.network(server: entry.serverName, "socket closed"))
        }
        pending.removeAll()
    }

    /// Sends `query` now and again every `timeout / attempts` until answered or out of time.
    func start(_ query: DNSQuery, to server: SocketAddress, serverName: String, policy: QueryPolicy,
               promise: EventLoopPromise<DNSMessage>) {
        guard let context else {
            promise.fail(DNSError.network(server: serverName, "socket closed"))
            return
        }
        var key: Key
        repeat {
            key = Key(server: server, id: ids.next())
        } while pending[key] != nil
        let wire: ByteBuffer
        do {
            wire = context.channel.allocator.buffer(bytes: try LDNSCodec.encode(query, id: key.id))
        } catch {
            promise.fail(error)
            return
        }
        let now = NIODeadline.now()
        let interval = TimeAmount.nanoseconds((policy.timeout / policy.attempts).nanoseconds)
        pending[key] = Pending(query: query, serverName: serverName, wire: wire, attempts: policy.attempts,
                               interval: interval, deadline: now + .nanoseconds(policy.timeout.nanoseconds),
                               nextSend: now + interval, promise: promise)
        send(wire, to: server, context: context)
        scheduleSweep(context: context)
    }

    private func send(_ wire: ByteBuffer, to server: SocketAddress, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: server, data: wire)), promise: nil)
        guard !flushQueued else { return }
        flushQueued = true
        context.eventLoop.assumeIsolatedUnsafeUnchecked().execute { [weak self] in
            guard let self else { return }
            self.flushQueued = false
            self.context?.flush()
        }
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
        for (key, entry) in pending {
            if entry.deadline <= now {
                pending[key] = nil
                entry.promise.fail(DNSError.timeout(server: entry.serverName, attempts: entry.sends,
                                                    malformedReplies: entry.malformedReplies))
            } else if entry.nextSend <= now, entry.sends < entry.attempts {
                pending[key]?.sends += 1
                pending[key]?.nextSend = now + entry.interval
                send(entry.wire, to: key.server, context: context)
            }
        }
        if !pending.isEmpty { scheduleSweep(context: context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var buffer = envelope.data
        guard buffer.readableBytes >= 12, let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        let key = Key(server: envelope.remoteAddress, id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        guard let entry = pending[key] else { return }
        guard let message = try? LDNSCodec.decode(bytes) else {
            pending[key]?.malformedReplies += 1
            return
        }
        guard message.answers(entry.query) else { return }
        pending[key] = nil
        entry.promise.succeed(message)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (port unreachable) surface here without saying which query they belong to;
        // the affected queries run into their timeout and are reported per server.
    }
}

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
