import NIOCore

/// Splits a TCP byte stream into DNS messages by their two-octet length prefix (RFC 1035 4.2.2).
struct LengthPrefixedMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}

/// Waits on one TCP connection for the reply to one query, then closes it.
final class TCPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let query: DNSQuery
    private let id: UInt16
    private let serverName: String
    private let promise: EventLoopPromise<DNSMessage>

    init(query: DNSQuery, id: UInt16, serverName: String, promise: EventLoopPromise<DNSMessage>) {
        self.query = query
        self.id = id
        self.serverName = serverName
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard let bytes = buffer.readBytes(length: buffer.readableBytes),
              let message = try? LDNSCodec.decode(bytes), message.id == id, message.answers(query) else { return }
        promise.succeed(message)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(DNSError.network(server: serverName, "the TCP connection closed before an answer came"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(DNSError.network(server: serverName, "\(error)"))
        context.close(promise: nil)
    }
}
