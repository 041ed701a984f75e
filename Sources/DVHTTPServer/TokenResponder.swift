import NIOCore

/// Parses each request head a connection's reader cuts out and answers it from the token source.
/// One per connection, owned by the task that reads it.
struct TokenResponder {
    private let server: ServerCore
    /// The client's address as the access log shows it.
    let client: String
    private let allocator: ByteBufferAllocator
    private var date = HTTPDate()
    /// The last 200 response as sent, reused while the date, the body and the connection handling are
    /// the same: a client polling one token gets the same bytes many times a second.
    private var lastOK: (key: OKResponseKey, bytes: ByteBuffer)?

    private struct OKResponseKey: Equatable {
        var date: String
        var body: [UInt8]
        var sendBody: Bool
        var closeAfter: Bool
        var http10: Bool
    }

    private struct Response {
        var status: ResponseStatus
        var body: [UInt8]
        var sendBody: Bool
        var keepAlive: Bool
        var http10: Bool
        var extra: String
        /// Nil when the log discards records.
        var record: AccessRecord?
        var fetchedPath: String?
    }

    init(server: ServerCore, channel: any Channel) {
        self.server = server
        allocator = channel.allocator
        if let remote = channel.remoteAddress, let ip = remote.ipAddress, let port = remote.port {
            client = remote.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        } else {
            client = "-"
        }
    }

    /// The answer to one complete request head, and whether the connection closes after it (an error,
    /// `Connection: close`, a request body, or shutdown under way).
    mutating func answer(_ bytes: ByteBuffer, draining: Bool) -> (bytes: ByteBuffer, close: Bool) {
        let parsed = bytes.withUnsafeReadableBytes { RequestHead.parse($0) }
        switch parsed {
        case let .success(head):
            let response = respond(to: head)
            let closeAfter = !response.keepAlive || draining
            return (render(response, closeAfter: closeAfter), closeAfter)
        case let .failure(failure):
            return (refusal(failure == .unsupportedVersion ? .httpVersionNotSupported : .badRequest), true)
        }
    }

    /// A short error response with `Connection: close`, logged; the connection closes after it.
    mutating func refusal(_ status: ResponseStatus, extra: String = "") -> ByteBuffer {
        let body = "\(status.code) \(status.reasonPhrase)\n"
        var buffer = allocator.buffer(capacity: 160 + body.utf8.count)
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nDate: \(date.current())\r\n"
            + "Content-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extra)\r\n\(body)")
        // Refused before (or while) its head was read: the method, path and headers are not known.
        server.log.record(AccessRecord(time: AccessLog.now(), client: client, method: "-", path: "-", host: nil,
                                       status: status.code, userAgent: nil, bytes: body.utf8.count))
        return buffer
    }

    private func respond(to head: RequestHead) -> Response {
        // Request bodies are never read: answer, then close.
        let keepAlive = head.keepAlive && !head.announcesBody
        func make(_ status: ResponseStatus, _ body: [UInt8]? = nil, extra: String = "", fetched: String? = nil) -> Response {
            let text = body ?? Array("\(status.code) \(status.reasonPhrase)\n".utf8)
            let close = status == .badRequest ? true : keepAlive == false
            let record = server.log.recordsRequests
                ? AccessRecord(time: AccessLog.now(), client: client, method: head.method.name, path: head.target,
                               host: head.host, status: status.code, userAgent: head.userAgent,
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
        // RFC 9112 §3.2: a Host field that is not a host (and optional port) is a bad request.
        if let host = head.host, !host.isEmpty, hostName == nil { return make(.badRequest) }
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

    /// Logs the answer and counts the fetch; the bytes of a 200 are reused while they would be the same.
    private mutating func render(_ response: Response, closeAfter: Bool) -> ByteBuffer {
        let date = self.date.current()
        let buffer: ByteBuffer
        if response.status == .ok && response.extra.isEmpty {
            let key = OKResponseKey(date: date, body: response.body, sendBody: response.sendBody,
                                    closeAfter: closeAfter, http10: response.http10)
            if let lastOK, lastOK.key == key {
                buffer = lastOK.bytes
            } else {
                buffer = Self.render(response, date: date, closeAfter: closeAfter, allocator: allocator)
                lastOK = (key, buffer)
            }
        } else {
            buffer = Self.render(response, date: date, closeAfter: closeAfter, allocator: allocator)
        }
        if let record = response.record { server.log.record(record) }
        if let path = response.fetchedPath, response.status == .ok { server.fetched(path) }
        return buffer
    }

    private static func render(_ response: Response, date: String, closeAfter: Bool, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 192 + response.extra.utf8.count + response.body.count)
        if response.status == .ok {
            buffer.writeStaticString("HTTP/1.1 200 OK\r\nDate: ")
        } else {
            buffer.writeString("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\nDate: ")
        }
        buffer.writeString(date)
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
        return buffer
    }
}
