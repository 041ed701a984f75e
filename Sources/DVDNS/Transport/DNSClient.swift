#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Sends DNS queries concurrently over UDP with TCP fallback; safe to share between tasks.
///
/// One UDP socket per address family and event loop carries every query in flight; answers are
/// matched on server, id and question. Network failures come back as values, never as throws.
public final class DNSClient: Sendable {
    private let group: any EventLoopGroup
    private let loops: [LoopSockets]

    private struct Socket: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<UDPQueryHandler>
    }

    /// The sockets of one event loop; a batch of queries stays on one loop.
    private struct LoopSockets: Sendable {
        let ipv4: Socket
        /// Nil on a machine without IPv6.
        let ipv6: Socket?

        var loop: any EventLoop { ipv4.channel.eventLoop }
    }

    private static let answersPerRead = 16

    /// Binds the sockets: an ephemeral port chosen by the kernel for each family and loop.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws {
        self.group = group
        var loops: [LoopSockets] = []
        for loop in group.makeIterator() {
            let ipv4 = try await DNSClient.bind(host: "0.0.0.0", on: loop)
            // A machine without IPv6 still checks everything over IPv4.
            let ipv6 = try? await DNSClient.bind(host: "::", on: loop)
            loops.append(LoopSockets(ipv4: ipv4, ipv6: ipv6))
        }
        self.loops = loops
    }

    private static func bind(host: String, on loop: any EventLoop) async throws -> Socket {
        let channel = try await DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            // recvmmsg: one system call takes up to 16 waiting answers when many queries are in flight.
            // NIO cuts the receive buffer into one slice per message; 4 KiB slices hold any answer
            // to the EDNS buffer sizes dvtool advertises.
            .channelOption(.datagramVectorReadMessageCount, value: Self.answersPerRead)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.answersPerRead * 4096))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPQueryHandler())
                }
            }
            .bind(host: host, port: 0)
            .get()
        let handler = try await channel.pipeline.handler(type: UDPQueryHandler.self).map {
            NIOLoopBound($0, eventLoop: loop)
        }.get()
        return Socket(channel: channel, handler: handler)
    }

    /// Closes the sockets; queries still in flight fail with a network error.
    public func shutdown() async {
        for sockets in loops {
            try? await sockets.ipv4.channel.close()
            try? await sockets.ipv6?.channel.close()
        }
    }

    /// Asks `server` one question: UDP first, TCP when the UDP answer is truncated.
    public func query(_ query: DNSQuery, server: ServerAddress, policy: QueryPolicy = QueryPolicy()) async -> DNSExchange {
        await self.query([(query, server)], policy: policy)[0]
    }

    /// Asks every question of `batch` at once, each of its own server; the exchanges come back in the
    /// batch's order. One hop to an event loop and one wake-up for the whole batch: a task per query
    /// cost more than the query itself when checking many names.
    public func query(_ batch: [(query: DNSQuery, server: ServerAddress)], policy: QueryPolicy = QueryPolicy()) async -> [DNSExchange] {
        guard !batch.isEmpty else { return [] }
        // Spreading batches over the loops' sockets spreads decoding over the cores.
        let sockets = loops[Int.random(in: 0..<loops.count)]
        var exchanges = await withCheckedContinuation { (continuation: CheckedContinuation<[DNSExchange], Never>) in
            sockets.loop.execute {
                Self.sendUDP(batch, on: sockets, policy: policy, continuation: continuation)
            }
        }
        for index in exchanges.indices {
            guard case let .success(message) = exchanges[index].outcome, message.truncated else { continue }
            let exchange = exchanges[index]
            let remaining = policy.timeout - exchange.roundTrip
            let started = ContinuousClock.now
            let tcp = await self.tcp(exchange.query, to: Self.socketAddress(of: exchange.server), server: exchange.server,
                                     timeout: max(remaining, .milliseconds(500)))
            exchanges[index] = DNSExchange(query: exchange.query, server: exchange.server, outcome: tcp,
                                           roundTrip: exchange.roundTrip + (ContinuousClock.now - started), transport: .tcp)
        }
        return exchanges
    }

    /// Runs on `sockets.loop`: starts every query and resumes `continuation` once all have an outcome.
    private static func sendUDP(_ batch: [(query: DNSQuery, server: ServerAddress)], on sockets: LoopSockets,
                                policy: QueryPolicy, continuation: CheckedContinuation<[DNSExchange], Never>) {
        let started = NIODeadline.now()
        var outcomes = [Result<DNSMessage, DNSError>?](repeating: nil, count: batch.count)
        var elapsed = [Duration](repeating: .zero, count: batch.count)
        var remaining = batch.count
        func finish(_ index: Int, _ outcome: Result<DNSMessage, DNSError>) {
            outcomes[index] = outcome
            elapsed[index] = .nanoseconds((NIODeadline.now() - started).nanoseconds)
            remaining -= 1
            guard remaining == 0 else { return }
            continuation.resume(returning: batch.indices.map { index in
                DNSExchange(query: batch[index].query, server: batch[index].server, outcome: outcomes[index]!,
                            roundTrip: elapsed[index], transport: .udp)
            })
        }
        for (index, (query, server)) in batch.enumerated() {
            let serverName = server.description
            guard let socket = server.ip.isIPv6 ? sockets.ipv6 : sockets.ipv4 else {
                finish(index, .failure(.network(server: serverName, "this machine has no IPv6 socket")))
                continue
            }
            let promise = sockets.loop.makePromise(of: DNSMessage.self)
            promise.futureResult.assumeIsolated().whenComplete { result in
                finish(index, result.mapError { error in
                    error as? DNSError ?? .network(server: serverName, "\(error)")
                })
            }
            socket.handler.value.start(query, to: socketAddress(of: server), serverName: serverName, policy: policy,
                                       promise: promise)
        }
    }

    private func tcp(_ query: DNSQuery, to address: SocketAddress, server: ServerAddress,
                     timeout: Duration) async -> Result<DNSMessage, DNSError> {
        let serverName = server.description
        let id = UInt16.random(in: .min ... .max)
        let wire: [UInt8]
        do {
            wire = try LDNSCodec.encode(query, id: id)
        } catch {
            return .failure(error)
        }
        let loop = group.next()
        let promise = loop.makePromise(of: DNSMessage.self)
        let timer = loop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            promise.fail(DNSError.timeout(server: serverName + " (TCP)", attempts: 1, malformedReplies: 0))
        }
        let connection = ClientBootstrap(group: loop)
            .connectTimeout(.nanoseconds(timeout.nanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(LengthPrefixedMessageDecoder()),
                        TCPQueryHandler(query: query, id: id, serverName: serverName, promise: promise))
                }
            }
            .connect(to: address)
        connection.whenSuccess { channel in
            var buffer = channel.allocator.buffer(capacity: wire.count + 2)
            buffer.writeInteger(UInt16(wire.count))
            buffer.writeBytes(wire)
            channel.writeAndFlush(buffer, promise: nil)
        }
        connection.whenFailure { error in
            promise.fail(DNSError.network(server: serverName, "TCP connect failed: \(error)"))
        }
        let result = await Self.result(of: promise.futureResult, server: serverName)
        timer.cancel()
        if let channel = try? await connection.get() { try? await channel.close() }
        if case let .success(message) = result, message.truncated {
            return .failure(.truncatedOverTCP(server: serverName))
        }
        return result
    }

    /// Built from the address bytes: formatting and re-parsing text per query was a measurable share of a bulk run.
    private static func socketAddress(of server: ServerAddress) -> SocketAddress {
        switch server.ip {
        case let .v4(a, b, c, d):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = server.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: [a, b, c, d]) }
            return SocketAddress(address, host: "")
        case let .v6(bytes):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = server.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
            return SocketAddress(address, host: "")
        }
    }

    private static func result(of future: EventLoopFuture<DNSMessage>, server: String) async -> Result<DNSMessage, DNSError> {
        do {
            return .success(try await future.get())
        } catch let error as DNSError {
            return .failure(error)
        } catch {
            return .failure(.network(server: server, "\(error)"))
        }
    }
}
