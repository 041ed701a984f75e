import DVTLS

/// HTTPS hops over DVTLS: TLS 1.2 or newer, SNI when the host is a name, no certificate verification
/// (CAs validate before the certificate exists, so they accept any).
public struct OpenSSLConnector: TLSConnector {
    public init() {}

    public func connect(ip: String, port: UInt16, serverName: String?, timeout: Duration) throws(FetchFailure) -> any ByteStream {
        do {
            let connection = try TLSClientConnection.connect(ip: ip, port: port, serverName: serverName, minimum: .tls1_2,
                                                             maximum: nil, verify: false, timeout: timeout,
                                                             ciphers: TLSClientConnection.goDefaultCiphers)
            connection.timeout = timeout
            return TLSByteStream(connection)
        } catch {
            throw FetchFailure(error.isConnectFailure ? .dial : (error.code == .timedOut ? .timeout : .tls), error.description)
        }
    }
}

final class TLSByteStream: ByteStream {
    private let connection: TLSClientConnection

    init(_ connection: TLSClientConnection) { self.connection = connection }

    var tlsVersion: String? { connection.negotiatedVersion?.displayName }

    func write(_ bytes: [UInt8]) throws(FetchFailure) {
        do { try connection.write(bytes) } catch { throw Self.failure(error) }
    }

    func read(maximum: Int) throws(FetchFailure) -> [UInt8] {
        do { return try connection.read(maximum: maximum) } catch { throw Self.failure(error) }
    }

    func close() { connection.close() }

    private static func failure(_ error: TLSError) -> FetchFailure {
        FetchFailure(error.code == .timedOut ? .timeout : .protocolError, error.description)
    }
}
