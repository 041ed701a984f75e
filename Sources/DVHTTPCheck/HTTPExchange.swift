import FoundationEssentials

/// One HTTP/1.1 GET on a connected stream, read the way a CA's validator reads it.
public struct HTTPResponseSummary: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var location: String?
    public var contentLength: Int?
    /// At most `bodyLimit` bytes of the body.
    public var body: [UInt8]
    /// The body had at least `bodyLimit` bytes (the CA reads that many and gives up).
    public var bodyTooLarge: Bool
    public var contentType: String? = nil
    public var server: String? = nil
    public var transferEncoding: String? = nil
    /// Every header line as sent, in order (what identifies a CDN or WAF: `dvtool path`).
    public var headers: [HTTPHeaderField] = []
}

/// One response header line.
public struct HTTPHeaderField: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
}

public enum HTTPExchange {
    /// Let's Encrypt's validation User-Agent.
    public static let userAgent = "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)"
    static let maximumHeadBytes = 64 * 1024

    public static func request(host: String, port: Int, defaultPort: Int, target: String, userAgent: String = userAgent) -> [UInt8] {
        let hostHeader = port == defaultPort ? host : "\(host):\(port)"
        return Array("GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: \(userAgent)\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8)
    }

    /// Sends `request` and reads the response head and up to `bodyLimit` body bytes.
    public static func perform(_ stream: any ByteStream, request: [UInt8], bodyLimit: Int) throws(FetchFailure) -> HTTPResponseSummary {
        try stream.write(request)
        var buffer: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            let chunk = try stream.read(maximum: 16 * 1024)
            if chunk.isEmpty {
                throw FetchFailure(.protocolError, buffer.isEmpty ? "the server closed the connection without answering"
                                                                  : "the server closed the connection in the middle of the response head")
            }
            let searchFrom = max(0, buffer.count - 3)
            buffer += chunk
            headEnd = findHeadEnd(buffer, from: searchFrom)
            if headEnd == nil && buffer.count > maximumHeadBytes {
                throw FetchFailure(.protocolError, "the response head is larger than \(maximumHeadBytes / 1024) KiB")
            }
        }
        let head = Array(buffer[..<headEnd!])
        var rest = Array(buffer[headEnd!...])
        var summary = try parseHead(head)
        // 1xx interim responses: skip them (Go's client does the same).
        if (100...199).contains(summary.status) && summary.status != 101 {
            return try perform(RestThenStream(prefix: rest, stream: stream), request: [], bodyLimit: bodyLimit)
        }
        if (300...399).contains(summary.status) || summary.status == 204 || summary.status == 304 { return summary }
        // Body: chunked, Content-Length, or until close; never more than bodyLimit bytes.
        let source = RestThenStream(prefix: rest, stream: stream)
        rest = []
        var body: [UInt8] = []
        let isChunked = summary.transferEncodingChunked
        if isChunked {
            body = try readChunked(source, limit: bodyLimit)
        } else if let length = summary.contentLength {
            let wanted = min(length, bodyLimit)
            while body.count < wanted {
                let chunk = try source.read(maximum: wanted - body.count)
                // Go's client reads this as an unexpected EOF, and Boulder fails the validation on it.
                if chunk.isEmpty {
                    throw FetchFailure(.protocolError, "the connection closed after \(body.count) of the \(length) body bytes Content-Length announced")
                }
                body += chunk
            }
        } else {
            while body.count < bodyLimit {
                let chunk = try source.read(maximum: bodyLimit - body.count)
                if chunk.isEmpty { break }
                body += chunk
            }
        }
        if body.count > bodyLimit { body = Array(body.prefix(bodyLimit)) }
        summary.bodyTooLarge = body.count >= bodyLimit
        summary.body = body
        return summary
    }

    static func findHeadEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { return index + 2 }
                if index + 2 < bytes.count && bytes[index + 1] == 0x0D && bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    static func parseHead(_ head: [UInt8]) throws(FetchFailure) -> HTTPResponseSummary {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard !lines.isEmpty else { throw FetchFailure(.protocolError, "empty response head") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1]) else {
            throw FetchFailure(.protocolError, "the server did not answer with HTTP/1.x: \"\(statusLine.prefix(80))\"")
        }
        var summary = HTTPResponseSummary(status: status, reason: parts.count > 2 ? String(parts[2]) : "", location: nil,
                                          contentLength: nil, body: [], bodyTooLarge: false)
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            summary.headers.append(HTTPHeaderField(name: String(line[..<colon]), value: value))
            switch name {
            case "location": summary.location = value
            case "content-length":
                guard let length = Int(value), length >= 0 else {
                    throw FetchFailure(.protocolError, "invalid Content-Length \"\(value.prefix(40))\"")
                }
                summary.contentLength = length
            case "transfer-encoding": summary.transferEncoding = value.lowercased()
            case "content-type": summary.contentType = value
            case "server": summary.server = value
            default: break
            }
        }
        return summary
    }

    static func readChunked(_ source: RestThenStream, limit: Int) throws(FetchFailure) -> [UInt8] {
        var body: [UInt8] = []
        while body.count < limit {
            let sizeLine = try source.readLine(maximum: 1024)
            let sizeText = sizeLine.split(separator: ";").first.map { $0.trimmingWhitespace() } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw FetchFailure(.protocolError, "malformed chunked body (chunk size \"\(sizeText.prefix(20))\")")
            }
            if size == 0 { break }
            var remaining = size
            while remaining > 0 && body.count < limit {
                let chunk = try source.read(maximum: min(remaining, limit - body.count))
                if chunk.isEmpty { throw FetchFailure(.protocolError, "the connection closed inside a chunk") }
                body += chunk
                remaining -= chunk.count
            }
            if remaining > 0 { break }
            _ = try source.readLine(maximum: 2)
        }
        return body
    }
}

extension HTTPResponseSummary {
    var transferEncodingChunked: Bool { transferEncoding?.contains("chunked") ?? false }
}

/// Bytes already read, then the stream.
final class RestThenStream: ByteStream {
    private var prefix: [UInt8]
    private let stream: any ByteStream
    var tlsVersion: String? { stream.tlsVersion }

    init(prefix: [UInt8], stream: any ByteStream) {
        self.prefix = prefix
        self.stream = stream
    }

    func write(_ bytes: [UInt8]) throws(FetchFailure) { if !bytes.isEmpty { try stream.write(bytes) } }

    func read(maximum: Int) throws(FetchFailure) -> [UInt8] {
        if !prefix.isEmpty {
            let taken = Array(prefix.prefix(maximum))
            prefix.removeFirst(taken.count)
            return taken
        }
        return try stream.read(maximum: maximum)
    }

    func readLine(maximum: Int) throws(FetchFailure) -> String {
        var line: [UInt8] = []
        while line.count <= maximum + 2 {
            let byte = try read(maximum: 1)
            if byte.isEmpty { break }
            if byte[0] == 0x0A { break }
            if byte[0] != 0x0D { line.append(byte[0]) }
        }
        return String(decoding: line, as: UTF8.self)
    }

    func close() { stream.close() }
}
