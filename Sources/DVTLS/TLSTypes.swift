import DVSocket
/// A TLS protocol version, named the way OpenSSL and nginx's `ssl_protocols` name it.
public enum TLSVersion: String, Sendable, Codable, CaseIterable, Comparable {
    case tls1_0 = "TLSv1", tls1_1 = "TLSv1.1", tls1_2 = "TLSv1.2", tls1_3 = "TLSv1.3"

    /// The wire value (0x0301 ... 0x0304).
    public var wireValue: Int32 {
        switch self {
        case .tls1_0: 0x0301
        case .tls1_1: 0x0302
        case .tls1_2: 0x0303
        case .tls1_3: 0x0304
        }
    }

    /// Human name: "TLS 1.2".
    public var displayName: String {
        switch self {
        case .tls1_0: "TLS 1.0"
        case .tls1_1: "TLS 1.1"
        case .tls1_2: "TLS 1.2"
        case .tls1_3: "TLS 1.3"
        }
    }

    /// TLS 1.0 and 1.1 are deprecated (RFC 8996) and should be off.
    public var isDeprecated: Bool { self < .tls1_2 }

    public init?(wireValue: Int32) {
        guard let match = TLSVersion.allCases.first(where: { $0.wireValue == wireValue }) else { return nil }
        self = match
    }

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.wireValue < rhs.wireValue }
}

/// A TCP or TLS failure, with a stable machine code and a one-line explanation.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a closed set; the raw values are the codes JSON reports carry.
    public enum Code: String, Sendable {
        case badAddress = "bad-address"
        case connectionRefused = "connection-refused"
        case timedOut = "timed-out"
        case unreachable = "unreachable"
        case connectFailed = "connect-failed"
        case handshakeFailed = "handshake-failed"
        case protocolVersion = "protocol-version"
        case verifyFailed = "verify-failed"
        case closed = "closed"
        case io = "io"
        case `internal` = "internal"
    }

    public var code: Code
    public var description: String
    /// OpenSSL's reason string when OpenSSL reported one (e.g. "wrong version number").
    public var reason: String?

    /// True for failures before any TLS byte was exchanged (nothing listening, filtered, unreachable).
    public var isConnectFailure: Bool {
        [.connectionRefused, .timedOut, .unreachable, .connectFailed, .badAddress].contains(code)
    }
}

extension TLSError {
    /// A TCP failure under a TLS connection, with the codes reports and `isConnectFailure` know.
    init(_ error: SocketError) {
        let code: Code = switch error.kind {
        case .badAddress: .badAddress
        case .refused: .connectionRefused
        case .unreachable: .unreachable
        case .timedOut: .timedOut
        case .failed: .connectFailed
        }
        self.init(code: code, description: error.description)
    }
}
