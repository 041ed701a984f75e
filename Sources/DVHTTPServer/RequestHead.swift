/// The head of one HTTP/1.x request, parsed strictly (RFC 9112): only what the token server needs.
///
/// Hand-written rather than NIOHTTP1's llhttp decoder: `HeadFramer` already frames every head and
/// enforces the size limits, the server never reads a body, and parsing the finished head once took a
/// third of the CPU the decoder and its header storage used per request. Anything that is not plainly
/// well-formed is refused, which also rules out the leniencies request smuggling relies on.
struct RequestHead {
    enum Method: Equatable {
        case get, head
        case other(String)

        var name: String {
            switch self {
            case .get: "GET"
            case .head: "HEAD"
            case let .other(name): name
            }
        }
    }

    enum Failure: Error, Equatable {
        /// Answered 400.
        case malformed
        /// An HTTP version other than 1.x: answered 505.
        case unsupportedVersion
    }

    var method: Method
    var target: String
    var minorVersion: Int
    /// The first Host field's value, and how many Host fields there were.
    var host: String?
    var hostCount = 0
    var userAgent: String?
    var keepAlive: Bool
    /// A body follows (Content-Length other than 0, or Transfer-Encoding). The server never reads one,
    /// so the connection closes after the answer.
    var announcesBody = false

    /// Parses a complete head: the request line, the header fields and the empty line that ends them.
    /// Lines end in CRLF or a bare LF; empty lines before the request line are skipped.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<RequestHead, Failure> {
        var lines = LineReader(bytes: bytes)
        var requestLine = lines.next()
        while let line = requestLine, line.isEmpty { requestLine = lines.next() }
        guard let requestLine, var head = parseRequestLine(bytes, requestLine) else { return .failure(.malformed) }
        guard head.minorVersion >= 0 else { return .failure(.unsupportedVersion) }

        var closeToken = false, keepAliveToken = false, contentLength = false, transferEncoding = false
        while let line = lines.next() {
            if line.isEmpty { break }
            guard let field = Field(bytes, line) else { return .failure(.malformed) }
            switch field.name {
            case .host:
                head.hostCount += 1
                if head.host == nil { head.host = field.string(bytes) }
            case .userAgent:
                if head.userAgent == nil { head.userAgent = field.string(bytes) }
            case .connection:
                for token in field.commaSeparated(bytes) {
                    if Field.equalsIgnoringCase(bytes, token, "close") { closeToken = true }
                    if Field.equalsIgnoringCase(bytes, token, "keep-alive") { keepAliveToken = true }
                }
            case .contentLength:
                guard !field.value.isEmpty, field.value.allSatisfy({ Field.isDigit(bytes[$0]) }) else { return .failure(.malformed) }
                contentLength = true
                if field.value.contains(where: { bytes[$0] != UInt8(ascii: "0") }) { head.announcesBody = true }
            case .transferEncoding:
                transferEncoding = true
                head.announcesBody = true
            case .other:
                break
            }
        }
        // Both framings at once is the classic smuggling request (RFC 9112 §6.1 allows refusing it).
        if contentLength && transferEncoding { return .failure(.malformed) }
        head.keepAlive = head.minorVersion >= 1 ? !closeToken : keepAliveToken && !closeToken
        return .success(head)
    }

    /// `method SP request-target SP HTTP/d.d`, single spaces; a minor version of -1 marks a major version
    /// other than 1. Nil when the line is malformed.
    private static func parseRequestLine(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) -> RequestHead? {
        guard let firstSpace = line.first(where: { bytes[$0] == 0x20 }), firstSpace > line.lowerBound else { return nil }
        let methodRange = line.lowerBound..<firstSpace
        guard methodRange.allSatisfy({ Field.isTokenByte(bytes[$0]) }) else { return nil }
        let rest = (firstSpace + 1)..<line.upperBound
        guard let secondSpace = rest.first(where: { bytes[$0] == 0x20 }), secondSpace > rest.lowerBound else { return nil }
        let version = (secondSpace + 1)..<line.upperBound
        guard version.count == 8 else { return nil }
        let base = version.lowerBound
        for (offset, byte) in "HTTP/".utf8.enumerated() where bytes[base + offset] != byte { return nil }
        let major = bytes[base + 5], dot = bytes[base + 6], minor = bytes[base + 7]
        guard Field.isDigit(major), dot == UInt8(ascii: "."), Field.isDigit(minor) else { return nil }

        let method: Method
        if Field.equals(bytes, methodRange, "GET") {
            method = .get
        } else if Field.equals(bytes, methodRange, "HEAD") {
            method = .head
        } else {
            method = .other(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[methodRange]), as: UTF8.self))
        }
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(firstSpace + 1)..<secondSpace]), as: UTF8.self)
        return RequestHead(method: method, target: target,
                           minorVersion: major == UInt8(ascii: "1") ? Int(minor - UInt8(ascii: "0")) : -1,
                           keepAlive: false)
    }
}

/// The lines of a head: ranges without their CRLF or LF. A head always ends with an empty line, so
/// every line has its LF.
private struct LineReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    mutating func next() -> Range<Int>? {
        guard position < bytes.count else { return nil }
        var end = position
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        let start = position
        position = end + 1
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }
}

/// One header field line: `name ":" OWS value OWS`.
private struct Field {
    enum Name { case host, userAgent, connection, contentLength, transferEncoding, other }

    let name: Name
    /// The value without surrounding whitespace.
    let value: Range<Int>

    /// Nil when the line is malformed: leading whitespace (obs-fold), no colon, a name that is not a
    /// token (which covers whitespace before the colon), or a control byte other than HTAB in the value.
    init?(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) {
        guard let colon = line.first(where: { bytes[$0] == UInt8(ascii: ":") }), colon > line.lowerBound else { return nil }
        let nameRange = line.lowerBound..<colon
        guard nameRange.allSatisfy({ Field.isTokenByte(bytes[$0]) }) else { return nil }
        var start = colon + 1, end = line.upperBound
        for index in start..<end {
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return nil }
        }
        while start < end && Field.isWhitespace(bytes[start]) { start += 1 }
        while end > start && Field.isWhitespace(bytes[end - 1]) { end -= 1 }
        value = start..<end
        name = switch nameRange.count {
        case 4 where Field.equalsIgnoringCase(bytes, nameRange, "host"): .host
        case 10 where Field.equalsIgnoringCase(bytes, nameRange, "user-agent"): .userAgent
        case 10 where Field.equalsIgnoringCase(bytes, nameRange, "connection"): .connection
        case 14 where Field.equalsIgnoringCase(bytes, nameRange, "content-length"): .contentLength
        case 17 where Field.equalsIgnoringCase(bytes, nameRange, "transfer-encoding"): .transferEncoding
        default: .other
        }
    }

    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[value]), as: UTF8.self)
    }

    /// The non-empty elements of a comma-separated list, whitespace trimmed.
    func commaSeparated(_ bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        var elements: [Range<Int>] = []
        var start = value.lowerBound
        for index in value.lowerBound...value.upperBound where index == value.upperBound || bytes[index] == UInt8(ascii: ",") {
            var low = start, high = index
            while low < high && Field.isWhitespace(bytes[low]) { low += 1 }
            while high > low && Field.isWhitespace(bytes[high - 1]) { high -= 1 }
            if low < high { elements.append(low..<high) }
            start = index + 1
        }
        return elements
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// tchar of RFC 9110 §5.6.2.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x30...0x39: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    static func equals(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    /// ASCII case-insensitive; `text` must be lowercase.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for offset in 0..<range.count {
            var byte = bytes[range.lowerBound + offset]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != expected[offset] { return false }
        }
        return true
    }
}
