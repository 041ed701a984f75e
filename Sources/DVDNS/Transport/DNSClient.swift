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
    private let ipv4Sockets: [Socket]
    private let ipv6Sockets: [Socket]

    private struct Socket: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<UDPQueryHandler>
    }

    /// Binds the sockets: an ephemeral port chosen by the kernel for each family and loop.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws {
        self.group = group
        let loops = Array(group.makeIterator())
        var ipv4: [Socket] = []
        var ipv6: [Socket] = []
        for loop in loops {
            ipv4.append(try await DNSClient.bind(host: "0.0.0.0", on: loop))
            // A machine without IPv6 still checks everything over IPv4.
            if let socket = try? await DNSClient.bind(host: "::", on: loop) { ipv6.append(socket) }
        }
        self.ipv4Sockets = ipv4
        self.ipv6Sockets = ipv6
    }

    private static func bind(host: String, on loop: any EventLoop) async throws -> Socket {
        let channel = try await DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
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
        for socket in ipv4Sockets + ipv6Sockets {
            try? await socket.channel.close()
        }
    }

    /// Asks `server` one question: UDP first, TCP when the UDP answer is truncated.
    public func query(_ query: DNSQuery, server: ServerAddress, policy: QueryPolicy = QueryPolicy()) async -> DNSExchange {
        let started = ContinuousClock.now
        let socketAddress = Self.socketAddress(of: server)
        let udp = await self.udp(query, to: socketAddress, server: server, policy: policy)
        if case let .success(message) = udp, message.truncated {
            let remaining = policy.timeout - (ContinuousClock.now - started)
            let tcp = await self.tcp(query, to: socketAddress, server: server, timeout: max(remaining, .milliseconds(500)))
            return DNSExchange(query: query, server: server, outcome: tcp, roundTrip: ContinuousClock.now - started, transport: .tcp)
        }
        return DNSExchange(query: query, server: server, outcome: udp, roundTrip: ContinuousClock.now - started, transport: .udp)
    }

    private func udp(_ query: DNSQuery, to address: SocketAddress, server: ServerAddress,
                     policy: QueryPolicy) async -> Result<DNSMessage, DNSError> {
        let sockets = server.ip.isIPv6 ? ipv6Sockets : ipv4Sockets
        guard !sockets.isEmpty else {
            return .failure(.network(server: server.description, "this machine has no IPv6 socket"))
        }
        // Spreading queries over the loops' sockets spreads decoding over the cores.
        let socket = sockets[Int.random(in: 0..<sockets.count)]
        let loop = socket.channel.eventLoop
        let promise = loop.makePromise(of: DNSMessage.self)
        let serverName = server.description
        loop.execute {
            socket.handler.value.start(query, to: address, serverName: serverName, policy: policy, promise: promise)
        }
        return await Self.result(of: promise.futureResult, server: serverName)
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
