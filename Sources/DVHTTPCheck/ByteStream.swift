import DVBasics
import DVSocket

/// A blocking, deadline-bounded byte stream: a plain TCP socket or a TLS connection.
public protocol ByteStream: AnyObject {
    func write(_ bytes: [UInt8]) throws(FetchFailure)
    /// Up to `maximum` bytes; empty at end of stream.
    func read(maximum: Int) throws(FetchFailure) -> [UInt8]
    func close()
    /// The negotiated TLS version, nil for plain TCP.
    var tlsVersion: String? { get }
}

/// Opens TLS connections for HTTPS hops (TLS ≥ 1.2, no certificate verification, as CAs do).
public protocol TLSConnector: Sendable {
    func connect(ip: String, port: UInt16, serverName: String?, timeout: Duration) throws(FetchFailure) -> any ByteStream
}

/// What went wrong at the network level of one hop.
public typealias FetchFailure = KindedError<FetchFailureKind>

/// The kinds of `FetchFailure`.
public enum FetchFailureKind: String, Sendable, Codable {
    /// Could not connect at all: refused, unreachable, connect timeout (a CA may fall back to IPv4).
    case dial
    /// Connected, then the exchange timed out.
    case timeout
    /// TLS handshake failed.
    case tls
    /// Reset, closed early, or bytes that are not HTTP/1.x.
    case protocolError
}

/// A plain TCP hop over DVSocket's deadline-bounded connection.
public final class PlainSocketStream: ByteStream {
    private let connection: BlockingTCPConnection
    private let deadline: ContinuousClock.Instant
    public var tlsVersion: String? { nil }

    /// Connects within `connectTimeout`; reads and writes must finish before `deadline`.
    public init(ip: String, port: UInt16, connectTimeout: Duration, deadline: ContinuousClock.Instant) throws(FetchFailure) {
        self.deadline = deadline
        do {
            connection = try BlockingTCPConnection.connect(ip: ip, port: port, deadline: min(ContinuousClock.now + connectTimeout, deadline))
        } catch {
            throw FetchFailure(.dial, error.description)
        }
    }

    public func write(_ bytes: [UInt8]) throws(FetchFailure) {
        do {
            try connection.write(bytes, until: deadline, what: "sending the request")
        } catch {
            throw FetchFailure(error.kind == .timedOut ? .timeout : .protocolError, error.description)
        }
    }

    public func read(maximum: Int) throws(FetchFailure) -> [UInt8] {
        do {
            return try connection.read(maximum: maximum, until: deadline, what: "waiting for the response")
        } catch {
            throw FetchFailure(error.kind == .timedOut ? .timeout : .protocolError, error.description)
        }
    }

    public func close() { connection.close() }
}
