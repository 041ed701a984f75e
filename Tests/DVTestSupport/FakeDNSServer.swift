import Glibc
import NIOCore
import NIOPosix
import DVDNS

/// A scripted DNS server on 127.0.0.1 (UDP and TCP on one port): each query gets the datagrams `udpReplies`
/// returns for it, in order; TCP queries get `tcpReply`.
public final class FakeDNSServer: Sendable {
    public let port: Int
    private let channels: [any Channel]

    public typealias Replies = @Sendable (_ query: [UInt8]) -> [[UInt8]]

    private init(port: Int, channels: [any Channel]) {
        self.port = port
        self.channels = channels
    }

    public var address: ServerAddress { ServerAddress(ip: IPAddress("127.0.0.1")!, port: UInt16(port)) }

    /// The UDP port is the kernel's choice; TCP must then bind the same number, which another socket of the
    /// machine (an outgoing connection, say) may hold: then both are tried again on a new port.
    public static func start(udpReplies: @escaping Replies, tcpReply: Replies? = nil) async throws -> FakeDNSServer {
        var attempt = 0
        while true {
            do {
                return try await bind(udpReplies: udpReplies, tcpReply: tcpReply)
            } catch let error as IOError where error.errnoCode == EADDRINUSE && attempt < 20 {
                attempt += 1
            }
        }
    }

    private static func bind(udpReplies: @escaping Replies, tcpReply: Replies?) async throws -> FakeDNSServer {
        let group = MultiThreadedEventLoopGroup.singleton
        let udp = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UDPReplier(replies: udpReplies)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = udp.localAddress!.port!
        var channels: [any Channel] = [udp]
        if let tcpReply {
            let tcp: any Channel
            do {
                tcp = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandlers(
                                ByteToMessageHandler(LengthPrefixedMessageDecoder()), TCPReplier(replies: tcpReply))
                        }
                    }
                    .bind(host: "127.0.0.1", port: port).get()
            } catch {
                try? await udp.close()
                throw error
            }
            channels.append(tcp)
        }
        return FakeDNSServer(port: port, channels: channels)
    }

    public func stop() async {
        for channel in channels { try? await channel.close() }
    }
}

private final class UDPReplier: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    let replies: FakeDNSServer.Replies

    init(replies: @escaping FakeDNSServer.Replies) { self.replies = replies }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let query = Array(envelope.data.readableBytesView)
        for reply in replies(query) {
            let buffer = context.channel.allocator.buffer(bytes: reply)
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
        }
        context.flush()
    }
}

private final class TCPReplier: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let replies: FakeDNSServer.Replies

    init(replies: @escaping FakeDNSServer.Replies) { self.replies = replies }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let query = Array(unwrapInboundIn(data).readableBytesView)
        for reply in replies(query) {
            var buffer = context.channel.allocator.buffer(capacity: reply.count + 2)
            buffer.writeInteger(UInt16(reply.count))
            buffer.writeBytes(reply)
            context.write(wrapOutboundOut(buffer), promise: nil)
        }
        context.flush()
    }
}
