import Glibc
import NIOCore

/// Asks a connection to finish what it is doing and close (graceful shutdown).
struct DrainEvent: Sendable {}

/// Per-connection state shared by the guard (framing, limits, timeouts) and the responder it calls.
/// Confined to the channel's event loop.
final class ConnectionState {
    enum Phase { case idle, readingHead }

    var phase = Phase.idle
    /// When the current phase times out.
    var deadline: NIODeadline
    var timer: Scheduled<Void>?
    var timerDeadline: NIODeadline?
    /// Graceful shutdown was asked: close once the connection is idle or the current answer is out.
    var draining = false
    /// Close once the response being written is out (error, `Connection: close`, request body).
    var closing = false
    /// Bytes seen in the current head and the current line.
    var headBytes = 0
    var lineBytes = 0
    var lineIndex = 0
    var client = "-"
    var date = HTTPDate()

    init(deadline: NIODeadline) { self.deadline = deadline }
}

/// Cached IMF-fixdate for the Date header, refreshed once a second.
struct HTTPDate {
    private var second: time_t = 0
    private var text = ""

    mutating func current() -> String {
        var now = time(nil)
        if now != second {
            second = now
            var parts = tm()
            gmtime_r(&now, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text
    }
}

/// The connection's only handler: enforces the connection cap, request-line and head size limits, and
/// the header and idle timeouts, and hands each request head whole, once its empty line has arrived,
/// to the `TokenResponder` (a direct call: a second pipeline stage cost more than it separated).
final class RequestGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let state: ConnectionState
    private let limits: ServerLimits
    private let tracker: ConnectionTracker
    private let log: any AccessLogSink
    private let responder: TokenResponder
    private var rejected = false
    /// The start of a head that has not ended yet (bounded by the head size limit).
    private var partialHead: ByteBuffer?

    init(state: ConnectionState, limits: ServerLimits, server: ServerCore) {
        self.state = state
        self.limits = limits
        self.tracker = server.tracker
        self.log = server.log
        self.responder = TokenResponder(state: state, server: server)
    }

    func channelActive(context: ChannelHandlerContext) {
        if let remote = context.remoteAddress, let ip = remote.ipAddress, let port = remote.port {
            state.client = remote.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        guard tracker.add(context.channel) else {
            rejected = true
            Self.sendError(context: context, state: state, status: .serviceUnavailable, log: log, extra: "Retry-After: 1\r\n")
            return
        }
        state.deadline = .now() + .init(limits.headerTimeout)
        armTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.timer?.cancel()
        state.timer = nil
        if !rejected { tracker.remove(context.channel) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if rejected || state.closing { return }
        var now: NIODeadline?
        func clock() -> NIODeadline {
            if let now { return now }
            let value = NIODeadline.now()
            now = value
            return value
        }
        while buffer.readableBytes > 0 {
            if state.phase == .idle {
                state.phase = .readingHead
                state.headBytes = 0
                state.lineBytes = 0
                state.lineIndex = 0
                state.deadline = clock() + .init(limits.headerTimeout)
            }
            let outcome = scan(buffer)
            switch outcome {
            case let .headEnds(length):
                var head = buffer.readSlice(length: length)!
                if var partial = partialHead.take() {
                    partial.writeBuffer(&head)
                    head = partial
                }
                state.phase = .idle
                state.deadline = clock() + .init(limits.idleTimeout)
                responder.answer(head, context: context)
                if state.closing || !context.channel.isActive { return }
            case .needMore:
                if partialHead == nil {
                    partialHead = buffer
                } else {
                    partialHead!.writeBuffer(&buffer)
                }
                return
            case let .tooLarge(status):
                partialHead = nil
                state.closing = true
                Self.sendError(context: context, state: state, status: status, log: log)
                return
            }
        }
    }

    private enum ScanOutcome { case headEnds(Int), needMore, tooLarge(ResponseStatus) }

    /// Walks the bytes of the current head: line lengths (CR not counted), head length, its end at an empty line.
    private func scan(_ buffer: ByteBuffer) -> ScanOutcome {
        buffer.withUnsafeReadableBytes { bytes in
            var lineBytes = state.lineBytes, headBytes = state.headBytes, lineIndex = state.lineIndex
            defer { state.lineBytes = lineBytes; state.headBytes = headBytes; state.lineIndex = lineIndex }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                headBytes += 1
                if headBytes > limits.headerBytes { return .tooLarge(.requestHeaderFieldsTooLarge) }
                if byte == 0x0A {
                    if lineBytes == 0 {
                        if lineIndex > 0 { return .headEnds(index + 1) }
                        // Blank lines before the request line are tolerated (RFC 9112 §2.2), within the head limit.
                    } else {
                        lineIndex += 1
                        lineBytes = 0
                    }
                } else if byte != 0x0D {
                    lineBytes += 1
                    if lineIndex == 0 && lineBytes > limits.requestLineBytes { return .tooLarge(.uriTooLong) }
                }
                if lineIndex > limits.headerFields + 1 { return .tooLarge(.requestHeaderFieldsTooLarge) }
            }
            return .needMore
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is DrainEvent {
            state.draining = true
            if state.phase == .idle { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // A client that does not read its responses gets no more requests parsed until it does;
        // the idle timeout then closes it.
        let writable = context.channel.isWritable
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: writable)
        if writable { context.read() }
        context.fireChannelWritabilityChanged()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        responder.flushAnswers(context: context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// One timer per connection, re-armed lazily: requests only move `state.deadline`.
    private func armTimer(context: ChannelHandlerContext) {
        let deadline = state.deadline
        if let armed = state.timerDeadline, armed <= deadline, state.timer != nil { return }
        state.timer?.cancel()
        state.timerDeadline = deadline
        let loop = context.eventLoop.assumeIsolated()
        state.timer = loop.scheduleTask(deadline: deadline) { [self] in
            self.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        state.timer = nil
        state.timerDeadline = nil
        guard context.channel.isActive else { return }
        if NIODeadline.now() >= state.deadline {
            if state.phase == .readingHead && state.headBytes > 0 {
                state.closing = true
                Self.sendError(context: context, state: state, status: .requestTimeout, log: log)
            } else {
                context.close(promise: nil)
            }
        } else {
            armTimer(context: context)
        }
    }

    /// Writes a short error response with `Connection: close`, logs it, and closes.
    static func sendError(context: ChannelHandlerContext, state: ConnectionState, status: ResponseStatus,
                          log: any AccessLogSink, extra: String = "") {
        let body = "\(status.code) \(status.reasonPhrase)\n"
        var buffer = context.channel.allocator.buffer(capacity: 160 + body.utf8.count)
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nDate: \(state.date.current())\r\n"
            + "Content-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extra)\r\n\(body)")
        // Refused before (or while) its head was read: the method, path and headers are not known.
        log.record(AccessRecord(time: AccessLog.now(), client: state.client, method: "-", path: "-", host: nil,
                                status: status.code, userAgent: nil, bytes: body.utf8.count))
        context.writeAndFlush(NIOAny(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
