import DVDomain

/// One address to listen on.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// A default wildcard that may be missing on this machine (IPv6 switched off): skipped with a warning.
    public var optional: Bool

    public init(host: String, port: Int, optional: Bool = false) {
        self.host = host
        self.port = port
        self.optional = optional
    }

    public var isIPv6: Bool { host.contains(":") }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Port 80 on every IPv4 and every IPv6 address.
    public static let defaults = [ListenAddress(host: "0.0.0.0", port: 80), ListenAddress(host: "::", port: 80, optional: true)]

    /// `ADDR:PORT`, `[V6ADDR]:PORT`, or `:PORT` (every IPv4 and IPv6 address); nil when malformed.
    public static func parse(_ text: String) -> [ListenAddress]? {
        let host: String, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
            guard case .v6 = IPAddress(host) else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if !host.isEmpty { guard case .v4 = IPAddress(host) else { return nil } }
        }
        guard let port = Int(portText), (0...65535).contains(port), portText.allSatisfy(\.isASCII) else { return nil }
        if host.isEmpty {
            return [ListenAddress(host: "0.0.0.0", port: port), ListenAddress(host: "::", port: port, optional: true)]
        }
        return [ListenAddress(host: host, port: port)]
    }
}

/// The server's defences; every value has a command-line option.
public struct ServerLimits: Sendable, Hashable {
    /// Longest request line (method, target, version) in bytes; longer gets 414.
    public var requestLineBytes = 2048
    /// Largest request head (request line and header fields) in bytes; larger gets 431.
    public var headerBytes = 8192
    /// Most header fields in one request; more gets 431.
    public var headerFields = 64
    /// A request head must arrive completely within this time of its first byte (slowloris); 408 and close.
    public var headerTimeout: Duration = .seconds(10)
    /// A keep-alive connection with no request in progress is closed after this time.
    public var idleTimeout: Duration = .seconds(15)
    /// Open connections at most; more are answered 503 and closed.
    public var maxConnections = 1024
    /// On SIGINT/SIGTERM: how long requests in progress may take to finish.
    public var shutdownGrace: Duration = .seconds(3)

    public init() {}
}

public struct TokenServerConfiguration: Sendable {
    public var listen: [ListenAddress]
    /// When set (A-label form, lowercase, no trailing dot), only requests with this Host are answered.
    public var hostName: String?
    public var limits: ServerLimits
    /// Stop once every served path was fetched (GET, 200) this many times.
    public var untilFetched: Int?

    public init(listen: [ListenAddress] = ListenAddress.defaults, hostName: String? = nil,
                limits: ServerLimits = ServerLimits(), untilFetched: Int? = nil) {
        self.listen = listen
        self.hostName = hostName
        self.limits = limits
        self.untilFetched = untilFetched
    }
}

/// Why the server could not start.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    case addressInUse(String)
    case permissionDenied(String, port: Int)
    case addressUnavailable(String, String)
    case cannotBind(String, String)

    public var description: String {
        switch self {
        case let .addressInUse(address):
            "\(address) is already in use: another web server (nginx, apache, caddy, a previous dvtool serve) is listening there; stop it, or serve on another address with --listen"
        case let .permissionDenied(address, port):
            "permission denied binding \(address): ports below 1024 (here \(port)) need privileges; run as root (add --user NAME to drop privileges after binding) or grant the capability once with `sudo setcap cap_net_bind_service=+ep \"$(command -v dvtool)\"`"
        case let .addressUnavailable(address, reason):
            "cannot listen on \(address): that address is not configured on this machine (\(reason))"
        case let .cannotBind(address, reason):
            "cannot listen on \(address): \(reason)"
        }
    }
}

/// Why `TokenServer.run` returned.
public enum StopReason: String, Sendable {
    case signal
    case allFetched
    case requested
}
