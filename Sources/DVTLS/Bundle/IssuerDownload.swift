import DVBasics
import DVSocket

/// Why an issuer certificate could not be downloaded.
public typealias IssuerDownloadError = KindedError<IssuerDownloadErrorKind>

public enum IssuerDownloadErrorKind: String, Sendable, Codable {
    /// Not an http:// URL dvtool can follow (https, ldap, garbage).
    case unsupportedURL = "unsupported-url"
    /// DNS, TCP or a timeout: the network, not the certificate.
    case network
    /// An HTTP status other than 200, too many redirects, too large, or not HTTP.
    case http
}

/// A small bounded HTTP/1.0 GET for Authority Information Access caIssuers URLs, over DVSocket's
/// deadline-bounded connection (DVTLS cannot use DVHTTPCheck, which builds on it). http:// only: RFC 5280
/// §4.2.2.1 serves issuers over plain HTTP, since https would need the very chain being completed. HTTP/1.0 with
/// `Connection: close` keeps the body plain (no chunked encoding): read to the end, at most `maximumBytes`.
public struct IssuerDownload: Sendable {
    public var timeout: Duration
    public var maximumBytes: Int
    public var maximumRedirects: Int

    public init(timeout: Duration = .seconds(10), maximumBytes: Int = 1 << 20, maximumRedirects: Int = 3) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
        self.maximumRedirects = maximumRedirects
    }

    /// The body at `url`, following up to `maximumRedirects` redirects, everything within `timeout`.
    public func fetch(_ url: String) throws(IssuerDownloadError) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        var current = url
        for _ in 0...maximumRedirects {
            let target = try Target(current)
            let response = try get(target, deadline: deadline)
            switch response.status {
            case 200:
                return response.body
            case 301, 302, 303, 307, 308:
                guard let location = response.location else { throw IssuerDownloadError(.http, "\(current): HTTP \(response.status) without a Location") }
                current = location.hasPrefix("/") ? "http://\(target.hostHeader)\(location)" : location
            default:
                throw IssuerDownloadError(.http, "\(current): HTTP \(response.status)")
            }
        }
        throw IssuerDownloadError(.http, "\(url): more than \(maximumRedirects) redirects")
    }

    private struct Target {
        var host: String
        var port: UInt16
        var path: String
        var hostHeader: String { port == 80 ? host : (host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)") }

        init(_ url: String) throws(IssuerDownloadError) {
            guard url.lowercased().hasPrefix("http://") else {
                throw IssuerDownloadError(.unsupportedURL, "\(url): only http:// issuer URLs are followed")
            }
            let rest = url.dropFirst(7)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            path = String(rest.dropFirst(authority.count).prefix { $0 != "#" })
            if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
            guard !authority.contains("@"), let parsed = try? HostPort(parsing: String(authority), defaultPort: 80), !parsed.host.isEmpty else {
                throw IssuerDownloadError(.unsupportedURL, "\(url): not a valid http:// URL")
            }
            host = parsed.host
            port = parsed.port
        }
    }

    private struct Response {
        var status: Int
        var location: String?
        var body: [UInt8]
    }

    private func get(_ target: Target, deadline: ContinuousClock.Instant) throws(IssuerDownloadError) -> Response {
        let address = "http://\(target.hostHeader)\(target.path)"
        let ip: String
        if (try? HostPort(parsing: target.host.contains(":") ? "[\(target.host)]" : target.host, defaultPort: 80).hostIsAddress) == true {
            ip = target.host
        } else {
            do { ip = try SystemResolver.firstAddress(of: target.host) } catch { throw IssuerDownloadError(.network, "\(address): \(error.description)") }
        }
        var received: [UInt8] = []
        do {
            let connection = try BlockingTCPConnection.connect(ip: ip, port: target.port, deadline: deadline)
            defer { connection.close() }
            let request = "GET \(target.path) HTTP/1.0\r\nHost: \(target.hostHeader)\r\nUser-Agent: dvtool cert bundle\r\nAccept: */*\r\nConnection: close\r\n\r\n"
            try connection.write(Array(request.utf8), until: deadline, what: "sending the request to \(address)")
            let limit = maximumBytes + 64 * 1024
            while received.count <= limit {
                let chunk = try connection.read(maximum: 64 * 1024, until: deadline, what: "downloading \(address)")
                if chunk.isEmpty { break }
                received += chunk
            }
        } catch {
            throw IssuerDownloadError(.network, "\(address): \(error.description)")
        }
        return try parse(received, from: address)
    }

    private func parse(_ bytes: [UInt8], from url: String) throws(IssuerDownloadError) -> Response {
        guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }) else {
            throw IssuerDownloadError(.http, bytes.count > maximumBytes ? "\(url): larger than \(maximumBytes / 1024) KiB" : "\(url): not an HTTP response")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
        let statusFields = lines.first?.split(separator: " ") ?? []
        guard statusFields.count >= 2, statusFields[0].hasPrefix("HTTP/1."), let status = Int(statusFields[1]) else {
            throw IssuerDownloadError(.http, "\(url): not an HTTP response")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingWhitespace()
        }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            throw IssuerDownloadError(.http, "\(url): chunked answer to an HTTP/1.0 request")
        }
        var body = Array(bytes[(end + 4)...])
        guard body.count <= maximumBytes else { throw IssuerDownloadError(.http, "\(url): larger than \(maximumBytes / 1024) KiB") }
        if let length = headers["content-length"].flatMap({ Int($0) }), length < body.count { body = Array(body.prefix(length)) }
        return Response(status: status, location: headers["location"], body: body)
    }
}
