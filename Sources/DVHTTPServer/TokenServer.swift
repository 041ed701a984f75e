import DVBasics
import NIOCore
import NIOPosix

/// The token server: HTTP/1.1 on SwiftNIO's async channels, GET and HEAD for the paths its `TokenSource` knows.
/// One task per listener accepts; one child task per connection serves it, at most `maxConnections` at a time.
public final class TokenServer: Sendable {
    public let configuration: TokenServerConfiguration
    private let core: ServerCore
    private let stopSignal = StopSignal()
    private let group: any EventLoopGroup

    private typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private typealias Listener = NIOAsyncChannel<Connection, Never>

    public init(configuration: TokenServerConfiguration, source: any TokenSource, log: any AccessLogSink = SilentLog(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
        core = ServerCore(configuration: configuration, source: source, log: log, stopSignal: stopSignal)
    }

    /// How often each path was fetched with a successful GET (counted only with `untilFetched`).
    public var fetchCounts: [String: Int] { core.fetchCounts }

    /// Open connections right now.
    public var openConnections: Int { core.tracker.count }

    /// Binds every address, calls `onRunning` with the bound addresses (port 0 becomes the real port),
    /// serves until `stop` (or all tokens fetched), then shuts down gracefully.
    public func run(onRunning: @Sendable ([BoundAddress]) async throws -> Void = { _ in }) async throws -> StopReason {
        let accepted = AcceptedConnections()
        var listeners: [Listener] = []
        do {
            for address in configuration.listen {
                do {
                    listeners.append(try await bind(address, holdingIn: accepted))
                } catch let error as ServeError {
                    if address.optional, case .addressUnavailable = error, !configuration.listen.allSatisfy(\.optional) {
                        core.log.event("warning", "not listening on \(address): IPv6 is not available on this machine", fields: [])
                        continue
                    }
                    throw error
                }
            }
            let bound = listeners.compactMap(\.channel.localAddress).compactMap(BoundAddress.init)
            try await onRunning(bound)
        } catch {
            for listener in listeners { try? await listener.channel.close() }
            await accepted.closeUntaken()
            throw error
        }
        let (core, grace, listening) = (self.core, configuration.limits.shutdownGrace, listeners)
        let reason = await withTaskGroup(of: Bool.self) { group in  // true: every connection ended
            group.addTask {
                await withDiscardingTaskGroup { accepting in
                    for listener in listening { accepting.addTask { await Self.accept(on: listener, core: core, accepted: accepted) } }
                }
                return true
            }
            let reason = await stopSignal.wait()
            // Graceful: no new connections, idle ones closed now, busy ones after their response, within the grace.
            for listener in listening { listener.channel.close(promise: nil) }
            core.tracker.drain()
            group.addTask {
                do { try await Task.sleep(for: grace) } catch { return true }  // cancelled: everything ended first
                return false
            }
            if await group.next() == false {
                core.tracker.closeAll()
            }
            group.cancelAll()
            await group.waitForAll()
            return reason
        }
        await accepted.closeUntaken()
        core.log.flush()
        return reason
    }

    /// Ends `run`; safe from any thread, more than once.
    public func stop(_ reason: StopReason = .requested) {
        stopSignal.stop(reason)
    }

    /// Accepts until the listener closes; returns once every connection it accepted has ended.
    private static func accept(on listener: Listener, core: ServerCore, accepted: AcceptedConnections) async {
        let headerTimeout = core.configuration.limits.headerTimeout
        try? await listener.executeThenClose { connections, _ in
            await withDiscardingTaskGroup { group in
                do {
                    for try await connection in connections {
                        accepted.take(connection)
                        guard let watch = core.tracker.admit(connection.channel, headerTimeout: headerTimeout) else {
                            group.addTask { await core.refuse(connection) }
                            continue
                        }
                        group.addTask {
                            await core.serve(connection, watch: watch)
                            core.tracker.remove(watch)
                        }
                    }
                } catch {
                    // The listener failed: the connections already accepted still finish.
                }
            }
        }
    }

    private func bind(_ address: ListenAddress, holdingIn accepted: AcceptedConnections) async throws -> Listener {
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
            // A client that sends its requests and then shuts its side (`nc -N`) still gets the answers: the
            // reader sees the end of the input after the requests, instead of NIO closing before they are answered.
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        do {
            return try await bootstrap.bind(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = try Connection(wrappingChannelSynchronously: channel)
                    if !accepted.hold(connection) { Task { await AcceptedConnections.discard(connection) } }
                    return connection
                }
            }
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
