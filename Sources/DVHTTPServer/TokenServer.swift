import DVBasics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The open connections, capped; used for the connection limit and graceful shutdown.
// @unchecked Sendable: channels, draining and drainWaiters are read and written under `lock`; limit is a `let`.
final class ConnectionTracker: @unchecked Sendable {
    private let lock = NIOLock()
    private var channels: [ObjectIdentifier: any Channel] = [:]
    private var draining = false
    /// Shutdown, waiting for the last open connection to close.
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func add(_ channel: any Channel) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard !draining, channels.count < limit else { return false }
        channels[ObjectIdentifier(channel)] = channel
        return true
    }

    func remove(_ channel: any Channel) {
        lock.lock()
        channels[ObjectIdentifier(channel)] = nil
        var waiters: [CheckedContinuation<Void, Never>] = []
        if channels.isEmpty { swap(&waiters, &drainWaiters) }
        lock.unlock()
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no connection is open (at once when none is).
    func drained() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if channels.isEmpty {
                lock.unlock()
                continuation.resume()
            } else {
                drainWaiters.append(continuation)
                lock.unlock()
            }
        }
    }

    var count: Int { lock.lock(); defer { lock.unlock() }; return channels.count }

    /// Stops admitting connections and returns the open ones.
    func startDraining() -> [any Channel] {
        lock.lock(); defer { lock.unlock() }
        draining = true
        return Array(channels.values)
    }
}

/// What every connection of one server shares.
// @unchecked Sendable: its `let`s are Sendable; the only mutable field, counts, is used under `lock`.
final class ServerCore: @unchecked Sendable {
    let configuration: TokenServerConfiguration
    let source: any TokenSource
    let log: any AccessLogSink
    let tracker: ConnectionTracker
    private let lock = NIOLock()
    private var counts: [String: Int] = [:]
    private let onAllFetched: @Sendable () -> Void

    init(configuration: TokenServerConfiguration, source: any TokenSource, log: any AccessLogSink,
         onAllFetched: @escaping @Sendable () -> Void) {
        self.configuration = configuration
        self.source = source
        self.log = log
        self.tracker = ConnectionTracker(limit: configuration.limits.maxConnections)
        self.onAllFetched = onAllFetched
    }

    /// A GET answered 200 for `path`.
    func fetched(_ path: String) {
        guard let wanted = configuration.untilFetched else { return }
        lock.lock()
        counts[path, default: 0] += 1
        let snapshot = counts
        lock.unlock()
        let paths = source.currentPaths()
        if !paths.isEmpty, paths.allSatisfy({ snapshot[$0, default: 0] >= wanted }) { onAllFetched() }
    }

    var fetchCounts: [String: Int] { lock.lock(); defer { lock.unlock() }; return counts }
}

/// The token server: HTTP/1.1 on SwiftNIO, GET and HEAD for the paths its `TokenSource` knows.
// @unchecked Sendable: stopReason and stopWaiter are read and written under `lock`; everything else is a `let`.
public final class TokenServer: @unchecked Sendable {
    public let configuration: TokenServerConfiguration
    private let core: ServerCore
    private let group: any EventLoopGroup
    private let lock = NIOLock()
    private var stopReason: StopReason?
    private var stopWaiter: CheckedContinuation<StopReason, Never>?

    public init(configuration: TokenServerConfiguration, source: any TokenSource, log: any AccessLogSink = SilentLog(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
        let stopper = StopBox()
        core = ServerCore(configuration: configuration, source: source, log: log) { stopper.server?.stop(.allFetched) }
        stopper.server = self
    }

    /// How often each path was fetched with a successful GET (counted only with `untilFetched`).
    public var fetchCounts: [String: Int] { core.fetchCounts }

    /// Open connections right now.
    public var openConnections: Int { core.tracker.count }

    /// Binds every address, calls `onRunning` with the bound addresses (port 0 becomes the real port),
    /// serves until `stop` (or all tokens fetched), then shuts down gracefully.
    public func run(onRunning: @Sendable ([BoundAddress]) async throws -> Void = { _ in }) async throws -> StopReason {
        var channels: [any Channel] = []
        do {
            for address in configuration.listen {
                do {
                    channels.append(try await bind(address))
                } catch let error as ServeError {
                    if address.optional, case .addressUnavailable = error, !configuration.listen.allSatisfy(\.optional) {
                        core.log.event("warning", "not listening on \(address): IPv6 is not available on this machine", fields: [])
                        continue
                    }
                    throw error
                }
            }
            let bound = channels.compactMap(\.localAddress).compactMap(BoundAddress.init)
            try await onRunning(bound)
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        let reason = await waitForStop()
        // Graceful: no new connections, idle ones closed now, busy ones after their response.
        for channel in channels { try? await channel.close() }
        let open = core.tracker.startDraining()
        for channel in open {
            channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        }
        // Busy connections get the grace period to finish; whatever is still open then is closed, which ends the
        // wait for the drain as well (the last close resumes it).
        let (tracker, grace) = (core.tracker, configuration.limits.shutdownGrace)
        await withTaskGroup(of: Bool.self) { group in  // true: every connection closed in time
            group.addTask { await tracker.drained(); return true }
            group.addTask {
                do { try await Task.sleep(for: grace); return false } catch { return true }  // cancelled: drained first
            }
            if await group.next() == false {
                for channel in tracker.startDraining() { try? await channel.close() }
            }
            group.cancelAll()
        }
        core.log.flush()
        return reason
    }

    /// Ends `run`; safe from any thread, more than once.
    public func stop(_ reason: StopReason = .requested) {
        lock.lock()
        if stopReason == nil { stopReason = reason }
        let waiter = stopWaiter
        stopWaiter = nil
        lock.unlock()
        waiter?.resume(returning: stopReason ?? reason)
    }

    private func waitForStop() async -> StopReason {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let reason = stopReason {
                lock.unlock()
                continuation.resume(returning: reason)
            } else {
                stopWaiter = continuation
                lock.unlock()
            }
        }
    }

    private func bind(_ address: ListenAddress) async throws -> any Channel {
        let core = self.core
        let limits = configuration.limits
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 4096)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        if address.isIPv6 {
            bootstrap = bootstrap.serverChannelOption(
                ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
        }
        // tcpOption, not socketOption: TCP_NODELAY's number at SOL_SOCKET is SO_DEBUG, which needs CAP_NET_ADMIN;
        // after `--user` dropped root it failed on every accepted socket and NIO closed each one (a reset).
        bootstrap = bootstrap
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 4)
            .childChannelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 32 * 1024, high: 64 * 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let state = ConnectionState(deadline: .now())
                    try channel.pipeline.syncOperations.addHandler(RequestGuard(state: state, limits: limits, server: core))
                }
            }
        do {
            return try await bootstrap.bind(host: address.host, port: address.port).get()
        } catch let error as IOError {
            switch error.errnoCode {
            case EADDRINUSE: throw ServeError.addressInUse(address.description)
            case EACCES, EPERM: throw ServeError.permissionDenied(address.description, port: address.port)
            case EADDRNOTAVAIL, EAFNOSUPPORT: throw ServeError.addressUnavailable(address.description, errnoText(error.errnoCode))
            default: throw ServeError.cannotBind(address.description, errnoText(error.errnoCode))
            }
        } catch {
            throw ServeError.cannotBind(address.description, "\(error)")
        }
    }
}

// @unchecked Sendable: `server` is written once, in TokenServer.init, before the closure that reads it can run
// (the core calls it only once the server serves).
private final class StopBox: @unchecked Sendable {
    weak var server: TokenServer?
}

/// An address the server listens on, with the real port when port 0 was asked for.
public struct BoundAddress: Sendable, Hashable, CustomStringConvertible {
    public let ip: String
    public let port: Int
    public var isIPv6: Bool { ip.contains(":") }

    public init(ip: String, port: Int) {
        self.ip = ip
        self.port = port
    }

    init?(_ address: SocketAddress) {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        self.ip = ip
        self.port = port
    }

    public var description: String { isIPv6 ? "[\(ip)]:\(port)" : "\(ip):\(port)" }
}
