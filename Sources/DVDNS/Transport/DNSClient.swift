import Glibc
import NIOCore
import NIOPosix

/// Sends DNS queries concurrently over UDP with TCP fallback; safe to share between tasks.
///
/// One UDP socket per address family and event loop carries every query in flight; answers are
/// matched on server, id and question. Truncated answers, and every query to a server found to rate-limit
/// UDP, go over one persistent pipelined TCP connection per server and loop. Network failures come back
/// as values, never as throws.
public final class DNSClient: Sendable {
    private let loops: [LoopSockets]
    private let ledger: RateLimitLedger
    private let routes = RouteCheck()
    private let health = ServerHealth()
    /// Empty outside the hermetic test tier (see `TestRoutes`).
    private let testRoutes: [ServerAddress: ServerAddress]

    private struct Socket: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<UDPQueryHandler>
    }

    /// The sockets of one event loop; a batch of queries stays on one loop.
    private struct LoopSockets: Sendable {
        let ipv4: Socket
        /// Nil on a machine without IPv6.
        let ipv6: Socket?
        let tcp: NIOLoopBound<TCPPipelines>

        var loop: any EventLoop { ipv4.channel.eventLoop }
    }

    private static let answersPerRead = 16

    /// Binds the sockets: an ephemeral port chosen by the kernel for each family and loop.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws {
        let ledger = RateLimitLedger()
        var loops: [LoopSockets] = []
        do {
            for loop in group.makeIterator() {
                // The TCP pool holds no socket until used: made first, a failure below leaves nothing open here.
                let tcp = try await loop.submit { NIOLoopBound(TCPPipelines(loop: loop), eventLoop: loop) }.get()
                let ipv4 = try await DNSClient.bind(host: "0.0.0.0", on: loop, ledger: ledger)
                // A machine without IPv6 still checks everything over IPv4.
                let ipv6 = try? await DNSClient.bind(host: "::", on: loop, ledger: ledger)
                loops.append(LoopSockets(ipv4: ipv4, ipv6: ipv6, tcp: tcp))
            }
        } catch {
            // Sockets bound on earlier loops would otherwise stay open for the life of the process.
            for sockets in loops {
                try? await sockets.ipv4.channel.close()
                try? await sockets.ipv6?.channel.close()
            }
            throw error
        }
        self.loops = loops
        self.ledger = ledger
        self.testRoutes = TestRoutes.current
    }

    private static func bind(host: String, on loop: any EventLoop, ledger: RateLimitLedger) async throws -> Socket {
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
                    try channel.pipeline.syncOperations.addHandler(UDPQueryHandler(ledger: ledger))
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
            try? await sockets.loop.submit { sockets.tcp.value.closeAll() }.get()
            try? await sockets.ipv4.channel.close()
            try? await sockets.ipv6?.channel.close()
        }
    }

    /// Nil when this machine has a route to `ip`; otherwise the kernel's reason. Asked once per address.
    public func missingRoute(to ip: IPAddress) -> String? {
        routes.missingRoute(to: Self.destination(of: ServerAddress(ip: ip), testRoutes: testRoutes).ip)
    }

    /// Where a query to `server` really goes: `server` itself unless a test routed it elsewhere.
    private static func destination(of server: ServerAddress, testRoutes: [ServerAddress: ServerAddress]) -> ServerAddress {
        testRoutes.isEmpty ? server : testRoutes[server] ?? server
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
        let (ledger, routes, health, testRoutes) = (ledger, routes, health, testRoutes)
        let exchanges = await withCheckedContinuation { (continuation: CheckedContinuation<[DNSExchange], Never>) in
            sockets.loop.execute {
                BatchRun(batch: batch, sockets: sockets, ledger: ledger, routes: routes, testRoutes: testRoutes, policy: policy,
                         continuation: continuation).start()
            }
        }
        health.record(exchanges)
        return exchanges
    }

    /// `servers` in the order a walk should ask them: answering, fast servers first, then untried ones, those
    /// that stayed silent last; ties at random, so that first questions spread over a zone's servers.
    public func preferredOrder(_ servers: [ServerAddress]) -> [ServerAddress] { health.preferredOrder(servers) }

    /// One batch on its event loop: every query goes out, each exchange is recorded once, and the
    /// continuation resumes when the last one has its outcome.
    private final class BatchRun {
        let batch: [(query: DNSQuery, server: ServerAddress)]
        let sockets: LoopSockets
        let ledger: RateLimitLedger
        let routes: RouteCheck
        let testRoutes: [ServerAddress: ServerAddress]
        let policy: QueryPolicy
        let continuation: CheckedContinuation<[DNSExchange], Never>
        let started = NIODeadline.now()
        var exchanges: [DNSExchange?]
        var remaining: Int

        /// Over TCP a query keeps at least this long even when UDP used up its budget.
        static let tcpMinimum = TimeAmount.milliseconds(500)

        init(batch: [(query: DNSQuery, server: ServerAddress)], sockets: LoopSockets, ledger: RateLimitLedger,
             routes: RouteCheck, testRoutes: [ServerAddress: ServerAddress], policy: QueryPolicy,
             continuation: CheckedContinuation<[DNSExchange], Never>) {
            self.batch = batch
            self.sockets = sockets
            self.ledger = ledger
            self.routes = routes
            self.testRoutes = testRoutes
            self.policy = policy
            self.continuation = continuation
            self.exchanges = Array(repeating: nil, count: batch.count)
            self.remaining = batch.count
        }

        /// What a batch's queries to one server share, looked up once for a run of queries to it (a bulk batch asks
        /// the same few servers about many names): where the queries go, whether it can be reached, and how.
        private struct Target {
            let server: ServerAddress
            let serverName: String
            let destination: ServerAddress
            let address: SocketAddress
            let missingRoute: String?
            let overTCP: Bool
        }

        func start() {
            var target: Target?
            for index in batch.indices {
                let server = batch[index].server
                if target?.server != server {
                    let destination = DNSClient.destination(of: server, testRoutes: testRoutes)
                    // Asked before any send: such a send error would close the socket every other query shares.
                    target = Target(server: server, serverName: server.description, destination: destination,
                                    address: DNSClient.socketAddress(of: destination), missingRoute: routes.missingRoute(to: destination.ip),
                                    overTCP: policy.overTCP || ledger.isLimiting(server))
                }
                guard let target else { continue }
                if let reason = target.missingRoute {
                    finish(index, .failure(.noRoute(server: target.serverName, reason)), policy.overTCP ? .tcp : .udp)
                } else if target.overTCP {
                    askTCP(index, address: target.address, retries: 1)
                } else {
                    askUDP(index, target: target)
                }
            }
        }

        private func askUDP(_ index: Int, target: Target) {
            let (query, server) = batch[index]
            let (serverName, destination) = (target.serverName, target.destination)
            guard let socket = destination.ip.isIPv6 ? sockets.ipv6 : sockets.ipv4 else {
                finish(index, .failure(.noRoute(server: serverName, "this machine has no IPv6 socket")), .udp)
                return
            }
            let promise = sockets.loop.makePromise(of: DNSMessage.self)
            promise.futureResult.assumeIsolated().whenComplete { [self] result in
                switch result {
                case let .success(message) where message.truncated:
                    askTCP(index, address: target.address, retries: 1)
                case .failure(is SwitchToTCP):
                    askTCP(index, address: target.address, retries: 1)
                case let .success(message):
                    finish(index, .success(message), .udp)
                case let .failure(error):
                    finish(index, .failure(error as? DNSError ?? .network(server: serverName, "\(error)")), .udp)
                }
            }
            socket.handler.value.start(query, to: server, address: target.address, serverName: serverName,
                                       policy: policy, promise: promise)
        }

        /// Over the server's pipelined connection; a connection the server closed under the query is opened
        /// again once (RFC 7766 §6.2.4: servers close idle and busy connections).
        private func askTCP(_ index: Int, address: SocketAddress, retries: Int) {
            let (query, server) = batch[index]
            let deadline = max(started + .nanoseconds(policy.timeout.nanoseconds), .now() + Self.tcpMinimum)
            let promise = sockets.loop.makePromise(of: DNSMessage.self)
            promise.futureResult.assumeIsolated().whenComplete { [self] result in
                switch result {
                case .failure(DNSError.network) where retries > 0 && NIODeadline.now() < deadline:
                    askTCP(index, address: address, retries: retries - 1)
                case let .success(message):
                    finish(index, .success(message), .tcp)
                case let .failure(error):
                    let failure = error as? DNSError ?? .network(server: server.description, "\(error)")
                    finish(index, .failure(ledger.isLimiting(server)
                        ? .rateLimited(server: server.description, "UDP answers are limited and TCP failed too: \(failure)")
                        : failure), .tcp)
                }
            }
            sockets.tcp.value.query(query, to: server, address: address, deadline: deadline,
                                    promise: promise)
        }

        private func finish(_ index: Int, _ outcome: Result<DNSMessage, DNSError>, _ transport: DNSExchange.Transport) {
            exchanges[index] = DNSExchange(query: batch[index].query, server: batch[index].server, outcome: outcome,
                                           roundTrip: .nanoseconds((NIODeadline.now() - started).nanoseconds), transport: transport)
            remaining -= 1
            if remaining == 0 { continuation.resume(returning: exchanges.map { $0! }) }
        }
    }

    /// Built from the address bytes: formatting and re-parsing text per query was a measurable share of a bulk run.
    static func socketAddress(of server: ServerAddress) -> SocketAddress {
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

}
