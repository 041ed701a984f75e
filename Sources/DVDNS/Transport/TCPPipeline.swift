import NIOCore
import NIOPosix

/// Persistent TCP connections to DNS servers, one per server and event loop, each carrying many queries at
/// once (RFC 7766 §6.2.1.1 pipelining): answers may come in any order and are matched on id and question.
///
/// This is where truncated UDP answers are asked again, and where every query to a server that rate-limits
/// UDP goes: response rate limiting (NSD, BIND, Knot, the large DNS hosts) applies to UDP only, so one
/// connection answers at the server's full speed what UDP drops or "slips". Runs only on its event loop.
final class TCPPipelines {
    private let loop: any EventLoop
    private var connections: [ServerAddress: Connection] = [:]
    /// After `closeAll` no connection opens again (a retry during shutdown would leak one).
    private var isClosed = false

    private enum Connection {
        case connecting(EventLoopFuture<any Channel>, waiting: [Waiting])
        case ready(any Channel, TCPPipelineHandler)
    }

    private struct Waiting {
        let query: DNSQuery
        let deadline: NIODeadline
        let promise: EventLoopPromise<DNSMessage>
    }

    init(loop: any EventLoop) { self.loop = loop }

    /// Sends `query` on the server's connection, opening it first when needed; `promise` gets the answer, or a
    /// `DNSError` at `deadline`. A connection the server closed is opened again for the next query.
    func query(_ query: DNSQuery, to server: ServerAddress, address: SocketAddress, deadline: NIODeadline,
               promise: EventLoopPromise<DNSMessage>) {
        loop.preconditionInEventLoop()
        guard !isClosed else {
            promise.fail(DNSError.network(server: server.description + " (TCP)", "the client shut down"))
            return
        }
        switch connections[server] {
        case let .ready(channel, handler) where channel.isActive:
            handler.send(query, deadline: deadline, promise: promise)
        case .connecting(let future, var waiting):
            waiting.append(Waiting(query: query, deadline: deadline, promise: promise))
            connections[server] = .connecting(future, waiting: waiting)
        default:
            connect(to: server, address: address, deadline: deadline,
                    first: Waiting(query: query, deadline: deadline, promise: promise))
        }
    }

    private func connect(to server: ServerAddress, address: SocketAddress, deadline: NIODeadline, first: Waiting) {
        let serverName = server.description + " (TCP)"
        let handler = TCPPipelineHandler(serverName: serverName)
        // The bootstrap's group is this one loop, so the channel is set up on it: the handler, made here, never
        // leaves the loop, and NIOLoopBound checks that where the initializer's @Sendable closure takes it.
        let loopHandler = NIOLoopBound(handler, eventLoop: loop)
        // The first query's budget would also bound every query queued behind it: give the connect at least
        // two seconds (one lost SYN), each query's own deadline still ends it once connected.
        let future = ClientBootstrap(group: loop)
            .connectTimeout(max(.seconds(2), deadline - .now()))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(ByteToMessageHandler(LengthPrefixedMessageDecoder()), loopHandler.value)
                }
            }
            .connect(to: address)
        connections[server] = .connecting(future, waiting: [first])
        future.assumeIsolated().whenComplete { [self] result in
            guard case let .connecting(current, waiting) = connections[server], current === future else {
                // closeAll (or a newer connect) took this entry over: this connection has no queries.
                if case let .success(channel) = result { channel.close(promise: nil) }
                return
            }
            switch result {
            case let .success(channel):
                connections[server] = .ready(channel, handler)
                for entry in waiting { handler.send(entry.query, deadline: entry.deadline, promise: entry.promise) }
            case let .failure(error):
                connections[server] = nil
                let failure: DNSError = if case ChannelError.connectTimeout = error {
                    .timeout(server: serverName, attempts: 1, malformedReplies: 0)
                } else {
                    .network(server: serverName, "TCP connect failed: \(error)")
                }
                for entry in waiting { entry.promise.fail(failure) }
            }
        }
    }

    /// Closes every connection; queries still waiting fail with a network error.
    func closeAll() {
        isClosed = true
        let open = connections
        connections.removeAll()
        for (server, connection) in open {
            switch connection {
            case let .ready(channel, _):
                channel.close(promise: nil)
            case let .connecting(_, waiting):
                for entry in waiting {
                    entry.promise.fail(DNSError.network(server: server.description + " (TCP)", "the client shut down"))
                }
            }
        }
    }
}

/// Splits a TCP byte stream into DNS messages by their two-octet length prefix (RFC 1035 4.2.2).
public struct LengthPrefixedMessageDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}

/// The queries in flight on one TCP connection. Deadlines come from one sweep timer per connection; a
/// connection idle for `idleTimeout` is closed (the next query opens another), so a long bulk run over many
/// servers does not hold a descriptor per server it ever had to ask over TCP.
final class TCPPipelineHandler: ChannelInboundHandler {
    static let idleTimeout = TimeAmount.seconds(5)

    typealias InboundIn = ByteBuffer

    private struct Pending {
        let query: DNSQuery
        let deadline: NIODeadline
        let promise: EventLoopPromise<DNSMessage>
    }

    private let serverName: String
    private var pending: [UInt16: Pending] = [:]
    private var ids = RandomIDs()
    private var context: ChannelHandlerContext?
    private var sweep: Scheduled<Void>?
    private var idleClose: Scheduled<Void>?
    private let flush = CoalescedFlush()

    init(serverName: String) { self.serverName = serverName }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func send(_ query: DNSQuery, deadline: NIODeadline, promise: EventLoopPromise<DNSMessage>) {
        guard let context, context.channel.isActive else {
            promise.fail(DNSError.network(server: serverName, "the TCP connection closed before an answer came"))
            return
        }
        guard pending.count < Int(UInt16.max) / 2 else {
            promise.fail(DNSError.network(server: serverName, "too many queries in flight on one connection"))
            return
        }
        var id = ids.next()
        while pending[id] != nil { id = ids.next() }
        // RFC 1035 §4.2.2: each message on the stream follows its length.
        var buffer = context.channel.allocator.buffer(capacity: 66)
        buffer.writeInteger(0 as UInt16)
        do {
            try PlainWire.write(query, id: id, to: &buffer)
        } catch {
            promise.fail(error)
            return
        }
        buffer.setInteger(UInt16(buffer.readableBytes - 2), at: buffer.readerIndex)
        pending[id] = Pending(query: query, deadline: deadline, promise: promise)
        idleClose?.cancel()
        idleClose = nil
        context.write(NIOAny(buffer), promise: nil)
        flush.request(context)
        scheduleSweep(context)
    }

    private func scheduleSweep(_ context: ChannelHandlerContext) {
        guard sweep == nil else { return }
        sweep = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: UDPQueryHandler.sweepInterval) { [weak self] in
            self?.runSweep()
        }
    }

    private func runSweep() {
        sweep = nil
        let now = NIODeadline.now()
        for (id, entry) in pending where entry.deadline <= now {
            pending[id] = nil
            entry.promise.fail(DNSError.timeout(server: serverName, attempts: 1, malformedReplies: 0))
        }
        if let context, !pending.isEmpty { scheduleSweep(context) }
        scheduleIdleCloseIfIdle()
    }

    private func scheduleIdleCloseIfIdle() {
        guard pending.isEmpty, idleClose == nil, let context else { return }
        idleClose = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: Self.idleTimeout) { [weak self] in
            guard let self, self.pending.isEmpty else { return }
            self.context?.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard let bytes = buffer.readBytes(length: buffer.readableBytes), bytes.count >= 12 else { return }
        let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        guard let entry = pending[id], let message = try? LDNSCodec.decode(bytes), message.answers(entry.query) else { return }
        pending[id] = nil
        if message.truncated {
            entry.promise.fail(DNSError.truncatedOverTCP(server: serverName))
        } else {
            entry.promise.succeed(message)
        }
        scheduleIdleCloseIfIdle()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.context = nil
        sweep?.cancel()
        sweep = nil
        idleClose?.cancel()
        idleClose = nil
        let open = pending
        pending.removeAll()
        for (_, entry) in open {
            entry.promise.fail(DNSError.network(server: serverName, "the TCP connection closed before an answer came"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
