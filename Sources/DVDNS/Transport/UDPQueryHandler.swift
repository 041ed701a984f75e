import NIOCore

/// Owns the queries in flight on one UDP socket; runs only on that socket's event loop.
///
/// Replies are matched on source address, message id and question; anything else is dropped,
/// so a spoofed or stray datagram can neither answer nor break a query.
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private struct Key: Hashable {
        let server: SocketAddress
        let id: UInt16
    }

    private struct Pending {
        let query: DNSQuery
        let serverName: String
        let attempts: Int
        let promise: EventLoopPromise<DNSMessage>
        var timers: [Scheduled<Void>]
        var malformedReplies = 0
    }

    private var pending: [Key: Pending] = [:]
    private var context: ChannelHandlerContext?
    private var generator = SystemRandomNumberGenerator()

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        for (_, entry) in pending {
            entry.timers.forEach { $0.cancel() }
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
            key = Key(server: server, id: UInt16.random(in: .min ... .max, using: &generator))
        } while pending[key] != nil
        let wire: [UInt8]
        do {
            wire = try LDNSCodec.encode(query, id: key.id)
        } catch {
            promise.fail(error)
            return
        }
        let loop = context.eventLoop
        let interval = policy.timeout / policy.attempts
        let send = { [weak self] in
            guard let self, let context = self.context else { return }
            let buffer = context.channel.allocator.buffer(bytes: wire)
            context.writeAndFlush(self.wrapOutboundOut(AddressedEnvelope(remoteAddress: server, data: buffer)), promise: nil)
        }
        var timers: [Scheduled<Void>] = (1..<policy.attempts).map { attempt in
            loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: .nanoseconds(Int64((interval * attempt).nanoseconds))) { send() }
        }
        timers.append(loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: .nanoseconds(Int64(policy.timeout.nanoseconds))) { [weak self] in
            self?.expire(key)
        })
        pending[key] = Pending(query: query, serverName: serverName, attempts: policy.attempts, promise: promise, timers: timers)
        send()
    }

    private func expire(_ key: Key) {
        guard let entry = pending.removeValue(forKey: key) else { return }
        entry.promise.fail(DNSError.timeout(server: entry.serverName, attempts: entry.attempts,
                                            malformedReplies: entry.malformedReplies))
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
        entry.timers.forEach { $0.cancel() }
        entry.promise.succeed(message)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (port unreachable) surface here without saying which query they belong to;
        // the affected queries run into their timeout and are reported per server.
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
