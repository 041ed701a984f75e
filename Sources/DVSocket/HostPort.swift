import DVBasics
import Glibc

/// A `HOST[:PORT]` the way `openssl s_client -connect` and curl take it: `host`, `host:port`, `[v6]:port`,
/// or a bare IPv6 address.
public struct HostPort: Sendable, Equatable {
    public var host: String
    public var port: UInt16

    /// Why a target does not parse, in one line that names it.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public init(parsing target: String, defaultPort: UInt16) throws(ParseError) {
        func port(_ text: Substring) throws(ParseError) -> UInt16 {
            guard let value = UInt16(text), value > 0 else { throw ParseError(description: "\(target): '\(text)' is not a port number (1-65535)") }
            return value
        }
        if target.hasPrefix("[") {
            guard let close = target.firstIndex(of: "]") else { throw ParseError(description: "\(target): missing ']' after the IPv6 address") }
            host = String(target[target.index(after: target.startIndex)..<close])
            let rest = target[target.index(after: close)...]
            guard !rest.isEmpty else { self.port = defaultPort; return }
            guard rest.hasPrefix(":") else { throw ParseError(description: "\(target): expected ':PORT' after ']'") }
            self.port = try port(rest.dropFirst())
            return
        }
        if target.filter({ $0 == ":" }).count == 1, let colon = target.firstIndex(of: ":") {
            host = String(target[..<colon])
            self.port = try port(target[target.index(after: colon)...])
            return
        }
        guard !target.isEmpty else { throw ParseError(description: "empty HOST") }
        host = target
        self.port = defaultPort
    }

    /// Whether `host` is an IPv4 or IPv6 literal rather than a name.
    public var hostIsAddress: Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// `ip:port`, with brackets for IPv6.
    public var endpoint: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

/// The system resolver (getaddrinfo), for targets a user names the way other tools take them.
public enum SystemResolver {
    public struct LookupError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The first address of `name`, as text.
    public static func firstAddress(of name: String) throws(LookupError) -> String {
        var hints = addrinfo()
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &result)
        guard status == 0, let first = result else {
            throw LookupError(description: "cannot resolve \(name): \(String(cString: gai_strerror(status))); give an IP address and --servername \(name)")
        }
        defer { freeaddrinfo(result) }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        _ = getnameinfo(first.pointee.ai_addr, first.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension HostPort.ParseError: UserFacingError {
    public var failureKind: FailureKind { .badInput }
}

/// The name did not resolve: nothing the command line can fix, the check could not run.
extension SystemResolver.LookupError: UserFacingError {
    public var failureKind: FailureKind { .couldNotRun }
}
