#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1

/// Asks a connection to finish what it is doing and close (graceful shutdown).
struct DrainEvent: Sendable {}

/// Per-connection state shared by the guard (before the HTTP decoder) and the responder (after it).
/// Confined to the channel's event loop.
final class ConnectionState {
    enum Phase { case idle, readingHead }

    var phase = Phase.idle
    /// When the current phase times out.
    var deadline: NIODeadline
    var timer: Scheduled<Void>?
    var timerDeadline: NIODeadline?
    /// No request yet on this connection (the first gets the header timeout, not the idle one).
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

/// First in the pipeline: enforces the connection cap, request-line and head size limits, and the
/// header and idle timeouts, and passes on each request head whole, once its empty line has arrived.
final class RequestGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let state: ConnectionState
    private let limits: ServerLimits
    private let tracker: ConnectionTracker
    private let log: any AccessLogSink
    private var rejected = false
    /// The start of a head that has not ended yet (bounded by the head size limit).
    private var partialHead: ByteBuffer?

    init(state: ConnectionState, limits: ServerLimits, tracker: ConnectionTracker, log: any AccessLogSink) {
        self.state = state
        self.limits = limits
        self.tracker = tracker
        self.log = log
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
                context.fireChannelRead(wrapInboundOut(head))
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

    private enum ScanOutcome { case headEnds(Int), needMore, tooLarge(HTTPResponseStatus) }

    /// Walks the bytes of the current head: line lengths (CR not counted), head length, its end at an empty line.
    private func scan(_ buffer: ByteBuffer) -> ScanOutcome {
        buffer.withUnsafeReadableBytes { bytes in
            var lineBytes = state.lineBytes, headBytes = state.headBytes, lineIndex = state.lineIndex
            defer { state.lineBytes = lineBytes; state.headBytes = headBytes; state.lineIndex = lineIndex }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                headBytes += 1
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
                if headBytes > limits.headerBytes { return .tooLarge(.requestHeaderFieldsTooLarge) }
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

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.fireErrorCaught(error)
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
    static func sendError(context: ChannelHandlerContext, state: ConnectionState, status: HTTPResponseStatus,
                          log: any AccessLogSink, method: String = "-", path: String = "-", host: String? = nil,
                          userAgent: String? = nil, extra: String = "") {
        let body = "\(status.code) \(status.reasonPhrase)\n"
        var buffer = context.channel.allocator.buffer(capacity: 160 + body.utf8.count)
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nDate: \(state.date.current())\r\n"
            + "Content-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extra)\r\n\(body)")
        log.record(AccessRecord(time: AccessLog.now(), client: state.client, method: method, path: path, host: host,
                                status: Int(status.code), userAgent: userAgent, bytes: body.utf8.count))
        context.writeAndFlush(NIOAny(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

/// After the guard: parses each request head and answers it from the token source.
final class TokenResponder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let state: ConnectionState
    private let server: ServerCore
    private var needsFlush = false

    private struct Response {
        var status: HTTPResponseStatus
        var body: [UInt8]
        var sendBody: Bool
        var keepAlive: Bool
        var http10: Bool
        var extra: String
        /// Nil when the log discards records.
        var record: AccessRecord?
        var fetchedPath: String?
    }

    init(state: ConnectionState, server: ServerCore) {
        self.state = state
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        let parsed = bytes.withUnsafeReadableBytes { RequestHead.parse($0) }
        switch parsed {
        case let .success(head):
            write(respond(to: head), context: context)
        case let .failure(failure):
            if needsFlush { needsFlush = false; context.flush() }
            state.closing = true
            RequestGuard.sendError(context: context, state: state,
                                   status: failure == .unsupportedVersion ? .httpVersionNotSupported : .badRequest,
                                   log: server.log)
        }
    }

    private func respond(to head: RequestHead) -> Response {
        // Request bodies are never read: answer, then close.
        let keepAlive = head.keepAlive && !head.announcesBody
        func make(_ status: HTTPResponseStatus, _ body: [UInt8]? = nil, extra: String = "", fetched: String? = nil) -> Response {
            let text = body ?? Array("\(status.code) \(status.reasonPhrase)\n".utf8)
            let close = status == .badRequest ? true : keepAlive == false
            let record = server.log.recordsRequests
                ? AccessRecord(time: AccessLog.now(), client: state.client, method: head.method.name, path: head.target,
                               host: head.host, status: Int(status.code), userAgent: head.userAgent,
                               bytes: head.method == .head ? 0 : text.count)
                : nil
            return Response(status: status, body: text, sendBody: head.method != .head, keepAlive: !close,
                            http10: head.minorVersion == 0, extra: extra, record: record, fetchedPath: fetched)
        }
        if head.hostCount > 1 || (head.minorVersion >= 1 && head.hostCount == 0) { return make(.badRequest) }
        let path: String
        switch RequestPath.canonical(head.target) {
        case let .success(canonical): path = canonical
        case .failure: return make(.badRequest)
        }
        guard head.method == .get || head.method == .head else { return make(.methodNotAllowed, extra: "Allow: GET, HEAD\r\n") }
        let hostName = head.host.flatMap(Self.hostName)
        if let expected = server.configuration.hostName {
            guard hostName == expected else { return make(.notFound) }
        }
        guard let body = server.source.body(for: path, host: hostName) else { return make(.notFound) }
        return make(.ok, body, fetched: head.method == .get ? path : nil)
    }

    /// The name in a Host header: lowercase, port and one trailing dot removed, brackets of an IPv6
    /// literal removed; nil when it is not a plausible host.
    static func hostName(_ header: String) -> String? {
        if let name = header.utf8.withContiguousStorageIfAvailable(hostName) { return name }
        return Array(header.utf8).withUnsafeBufferPointer(hostName)
    }

    /// Works on the bytes: this runs for every request, and Character-level string handling showed in profiles.
    private static func hostName(_ header: UnsafeBufferPointer<UInt8>) -> String? {
        func isPort(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        var start = 0, end = header.count
        if header.first == UInt8(ascii: "[") {
            guard let close = header.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            let rest = header[(close + 1)...]
            guard rest.isEmpty || (rest.first == UInt8(ascii: ":") && isPort(rest.dropFirst())) else { return nil }
            start = 1
            end = close
        } else {
            if let colon = header.lastIndex(of: UInt8(ascii: ":")) {
                guard isPort(header[(colon + 1)...]) else { return nil }
                end = colon
            }
            if end > start && header[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard end > start else { return nil }
        }
        let name = UnsafeBufferPointer(rebasing: header[start..<end])
        guard name.allSatisfy({ $0 < 0x80 }) else { return String(decoding: name, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: name.count) { output in
            for (index, byte) in name.enumerated() {
                output[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return name.count
        }
    }

    /// Writes the head straight into the buffer: this runs once per request, and string building showed in profiles.
    private func write(_ response: Response, context: ChannelHandlerContext) {
        let closeAfter = !response.keepAlive || state.draining
        var buffer = context.channel.allocator.buffer(capacity: 192 + response.extra.utf8.count + response.body.count)
        if response.status == .ok {
            buffer.writeStaticString("HTTP/1.1 200 OK\r\nDate: ")
        } else {
            buffer.writeString("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\nDate: ")
        }
        buffer.writeString(state.date.current())
        buffer.writeStaticString("\r\nContent-Type: text/plain\r\nContent-Length: ")
        buffer.writeString(String(response.body.count))
        if closeAfter {
            buffer.writeStaticString("\r\nConnection: close")
        } else if response.http10 {
            buffer.writeStaticString("\r\nConnection: keep-alive")
        }
        buffer.writeStaticString("\r\n")
        buffer.writeString(response.extra)
        buffer.writeStaticString("\r\n")
        if response.sendBody { buffer.writeBytes(response.body) }
        if let record = response.record { server.log.record(record) }
        if let path = response.fetchedPath, response.status == .ok { server.fetched(path) }
        if closeAfter {
            state.closing = true
            context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.write(wrapOutboundOut(buffer), promise: nil)
            needsFlush = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
