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
/// header and idle timeouts, before any byte reaches the HTTP parser.
final class RequestGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let state: ConnectionState
    private let limits: ServerLimits
    private let tracker: ConnectionTracker
    private let log: any AccessLogSink
    private var rejected = false

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
                let head = buffer.readSlice(length: length)!
                state.phase = .idle
                state.deadline = clock() + .init(limits.idleTimeout)
                context.fireChannelRead(wrapInboundOut(head))
                if state.closing || !context.channel.isActive { return }
            case .needMore:
                context.fireChannelRead(wrapInboundOut(buffer))
                return
            case let .tooLarge(status):
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

/// After the HTTP decoder: answers each request from the token source.
final class TokenResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let state: ConnectionState
    private let server: ServerCore
    private var pending: Response?
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
        switch unwrapInboundIn(data) {
        case let .head(head):
            pending = respond(to: head)
        case .body:
            break
        case .end:
            guard let response = pending else { return }
            pending = nil
            write(response, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead) -> Response {
        let hosts = head.headers["host"]
        let host = hosts.first
        var keepAlive = head.isKeepAlive
        // Request bodies are never read: answer, then close.
        if head.headers.contains(name: "transfer-encoding")
            || (head.headers.first(name: "content-length").map { $0 != "0" } ?? false) { keepAlive = false }
        func make(_ status: HTTPResponseStatus, _ body: [UInt8]? = nil, extra: String = "", fetched: String? = nil) -> Response {
            let text = body ?? Array("\(status.code) \(status.reasonPhrase)\n".utf8)
            let close = status == .badRequest ? true : keepAlive == false
            let record = server.log.recordsRequests
                ? AccessRecord(time: AccessLog.now(), client: state.client, method: head.method.rawValue, path: head.uri,
                               host: host, status: Int(status.code), userAgent: head.headers.first(name: "user-agent"),
                               bytes: head.method == .HEAD ? 0 : text.count)
                : nil
            return Response(status: status, body: text, sendBody: head.method != .HEAD, keepAlive: !close,
                            http10: head.version.minor == 0, extra: extra, record: record, fetchedPath: fetched)
        }
        guard head.version.major == 1 else { return make(.httpVersionNotSupported) }
        if hosts.count > 1 || (head.version.minor >= 1 && hosts.isEmpty) { return make(.badRequest) }
        let path: String
        switch RequestPath.canonical(head.uri) {
        case let .success(canonical): path = canonical
        case .failure: return make(.badRequest)
        }
        guard head.method == .GET || head.method == .HEAD else { return make(.methodNotAllowed, extra: "Allow: GET, HEAD\r\n") }
        let hostName = host.flatMap(Self.hostName)
        if let expected = server.configuration.hostName {
            guard hostName == expected else { return make(.notFound) }
        }
        guard let body = server.source.body(for: path, host: hostName) else { return make(.notFound) }
        return make(.ok, body, fetched: head.method == .GET ? path : nil)
    }

    /// The name in a Host header: lowercase, port and one trailing dot removed, brackets of an IPv6
    /// literal removed; nil when it is not a plausible host.
    static func hostName(_ header: String) -> String? {
        var name = Substring(header)
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return nil }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isASCII) && rest.dropFirst().allSatisfy(\.isNumber)) else { return nil }
            return String(name[name.index(after: name.startIndex)..<close]).lowercased()
        }
        if let colon = name.lastIndex(of: ":") {
            guard name[name.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            name = name[..<colon]
        }
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty else { return nil }
        return name.lowercased()
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
        if error is HTTPParserError, !state.closing, context.channel.isActive {
            if needsFlush { needsFlush = false; context.flush() }
            state.closing = true
            RequestGuard.sendError(context: context, state: state, status: .badRequest, log: server.log)
            return
        }
        context.close(promise: nil)
    }
}
