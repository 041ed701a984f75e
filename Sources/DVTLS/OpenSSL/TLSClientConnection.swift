internal import COpenSSL
internal import DVOpenSSL
import DVBasics
import DVSocket
import Glibc

/// A blocking TLS client connection over a non-blocking socket: every call waits with poll() and gives up
/// at its deadline, so nothing hangs past the timeout. One thread at a time.
public final class TLSClientConnection: @unchecked Sendable {
    private let socket: BlockingTCPConnection
    private let context: SSLContextHandle
    private let ssl: SSLHandle
    private let endpoint: String
    private var closed = false

    /// Time allowed for each later `read` or `write` call; starts as the connect timeout.
    public var timeout: Duration

    public let negotiatedVersion: TLSVersion?
    /// IANA name of the negotiated suite, e.g. "TLS_AES_256_GCM_SHA384" or
    /// "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".
    public let cipherSuite: String
    /// OpenSSL's name for the same suite, e.g. "ECDHE-RSA-AES128-GCM-SHA256".
    public let openSSLCipherName: String
    /// The certificates the server sent, leaf first, DER-encoded, in the order served.
    public let peerCertificatesDER: [[UInt8]]
    /// OpenSSL's verification verdict ("ok" or the reason); only meaningful when `verify` was true.
    public let verificationResult: String

    private init(socket: BlockingTCPConnection, context: SSLContextHandle, ssl: SSLHandle, endpoint: String, timeout: Duration) {
        self.socket = socket
        self.context = context
        self.ssl = ssl
        self.endpoint = endpoint
        self.timeout = timeout
        negotiatedVersion = TLSVersion(wireValue: SSL_version(ssl.pointer))
        let cipher = SSL_get_current_cipher(ssl.pointer)
        cipherSuite = cipher.flatMap { SSL_CIPHER_standard_name($0) }.map { String(cString: $0) } ?? ""
        openSSLCipherName = cipher.flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? ""
        var chain: [[UInt8]] = []
        if let stack = SSL_get_peer_cert_chain(ssl.pointer) {
            for index in 0..<dvtool_sk_X509_num(stack) {
                if let certificate = dvtool_sk_X509_value(stack, index) { chain.append(OpenSSLEncoding.der(certificate, i2d_X509)) }
            }
        }
        peerCertificatesDER = chain
        let verify = SSL_get_verify_result(ssl.pointer)
        verificationResult = verify == Int(X509_V_OK) ? "ok" : String(cString: X509_verify_cert_error_string(verify))
    }

    deinit { close() }

    /// Connects TCP to ip:port (ip is a literal IPv4/IPv6 address), handshakes with SNI `serverName` (nil: none),
    /// restricted to [minimum, maximum], verifying the peer chain only when `verify` is true; all within `timeout`.
    ///
    /// - Parameters:
    ///   - caFile: PEM roots to trust instead of the system store when verifying.
    ///   - securityLevel: OpenSSL security level; nil means 0 when `minimum` is below TLS 1.2 or when not verifying
    ///     (a diagnostic client must reach weak servers to report on them), else OpenSSL's default.
    /// The TLS 1.2 suites Go's crypto/tls offers by default since Go 1.23 (ECDHE only: no RSA key exchange, no DHE,
    /// no 3DES), which Boulder's validator uses for HTTPS redirect hops (va/http.go: a tls.Config with only
    /// InsecureSkipVerify). A server that offers only others fails Let's Encrypt's handshake. TLS 1.3 is unaffected.
    public static let goDefaultCiphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
        "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
    ].joined(separator: ":")

    public static func connect(ip: String, port: UInt16, serverName: String?, minimum: TLSVersion = .tls1_2,
                               maximum: TLSVersion? = nil, verify: Bool = false, timeout: Duration,
                               caFile: String? = nil, securityLevel: Int? = nil, ciphers: String? = nil) throws(TLSError) -> TLSClientConnection {
        let deadline = ContinuousClock.now + timeout
        let endpoint = "\(ip.contains(":") ? "[\(ip)]" : ip):\(port)"
        if let maximum, maximum < minimum {
            throw TLSError(code: .protocolVersion, description: "maximum \(maximum.displayName) is below minimum \(minimum.displayName)")
        }
        let socket: BlockingTCPConnection
        do {
            socket = try BlockingTCPConnection.connect(ip: ip, port: port, deadline: deadline)
        } catch {
            throw TLSError(error)
        }
        OpenSSLErrors.clear()
        guard let contextPointer = SSL_CTX_new(TLS_client_method()) else {
            throw TLSError(code: .internal, description: "SSL_CTX_new failed: \(OpenSSLErrors.firstReason() ?? "unknown")")
        }
        let context = SSLContextHandle(pointer: contextPointer)
        let level = securityLevel ?? ((minimum < .tls1_2 || !verify) ? 0 : nil)
        if let level { SSL_CTX_set_security_level(context.pointer, Int32(level)) }
        if minimum < .tls1_2 {
            // Old protocol probes need the old (SHA-1/MD5) suites OpenSSL 3 leaves out of DEFAULT even at level 0;
            // the list restates the level, which a cipher string would otherwise reset.
            _ = SSL_CTX_set_cipher_list(context.pointer, "ALL:@SECLEVEL=\(level ?? 0)")
        }
        if let ciphers {
            // A cipher string resets the security level unless it restates it.
            _ = SSL_CTX_set_cipher_list(context.pointer, ciphers + (level.map { ":@SECLEVEL=\($0)" } ?? ""))
        }
        guard dvtool_SSL_CTX_set_min_proto_version(context.pointer, minimum.wireValue) == 1,
              dvtool_SSL_CTX_set_max_proto_version(context.pointer, maximum?.wireValue ?? 0) == 1 else {
            throw TLSError(code: .protocolVersion, description: "this OpenSSL cannot restrict TLS to \(minimum.rawValue)...\(maximum?.rawValue ?? "")")
        }
        dvtool_SSL_CTX_ignore_unexpected_eof(context.pointer)
        if verify {
            if let caFile {
                guard SSL_CTX_load_verify_locations(context.pointer, caFile, nil) == 1 else {
                    throw TLSError(code: .internal, description: "cannot load CA file \(caFile): \(OpenSSLErrors.firstReason() ?? "unreadable")")
                }
            } else {
                _ = SSL_CTX_set_default_verify_paths(context.pointer)
            }
            SSL_CTX_set_verify(context.pointer, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(context.pointer, SSL_VERIFY_NONE, nil)
        }
        guard let sslPointer = SSL_new(context.pointer) else {
            throw TLSError(code: .internal, description: "SSL_new failed: \(OpenSSLErrors.firstReason() ?? "unknown")")
        }
        let ssl = SSLHandle(pointer: sslPointer)
        if let serverName, !serverName.isEmpty {
            _ = dvtool_SSL_set_tlsext_host_name(ssl.pointer, serverName)
            if verify { _ = SSL_set1_host(ssl.pointer, serverName) }
        }
        _ = SSL_set_fd(ssl.pointer, socket.descriptor)
        let what = "TLS handshake with \(endpoint)"
        while true {
            OpenSSLErrors.clear()
            let result = SSL_connect(ssl.pointer)
            if result == 1 { break }
            let error = SSL_get_error(ssl.pointer, result)
            switch error {
            case SSL_ERROR_WANT_READ:
                try Self.wait(socket, forWriting: false, deadline: deadline, what: what)
            case SSL_ERROR_WANT_WRITE:
                try Self.wait(socket, forWriting: true, deadline: deadline, what: what)
            default:
                let verifyCode = SSL_get_verify_result(ssl.pointer)
                throw handshakeError(error: error, endpoint: endpoint, minimum: minimum, maximum: maximum,
                                     verifyText: verify && verifyCode != Int(X509_V_OK)
                                         ? String(cString: X509_verify_cert_error_string(verifyCode)) : nil)
            }
        }
        return TLSClientConnection(socket: socket, context: context, ssl: ssl, endpoint: endpoint, timeout: timeout)
    }

    private static func handshakeError(error: Int32, endpoint: String, minimum: TLSVersion, maximum: TLSVersion?,
                                       verifyText: String?) -> TLSError {
        let systemErrno = errno
        let entries = OpenSSLErrors.drain()
        let prefix = "TLS handshake with \(endpoint) failed"
        if let verifyText {
            return TLSError(code: .verifyFailed, description: "\(prefix): certificate verification failed: \(verifyText)",
                            reason: verifyText)
        }
        guard let reason = entries.first?.reason else {
            if error == SSL_ERROR_SYSCALL && systemErrno != 0 {
                return TLSError(code: .handshakeFailed, description: "\(prefix): \(errnoText(systemErrno))",
                                reason: errnoText(systemErrno))
            }
            return TLSError(code: .handshakeFailed,
                            description: "\(prefix): the server closed the connection without a TLS answer",
                            reason: "connection closed")
        }
        let range = maximum.map { $0 == minimum ? minimum.displayName : "\(minimum.displayName)–\($0.displayName)" }
            ?? "\(minimum.displayName) or later"
        switch reason {
        case "no protocols available", "no ciphers available":
            // Our side refused before sending anything (security level, cipher list): says nothing about the server.
            return TLSError(code: .internal, description: "\(prefix): this client cannot offer \(range) (\(reason))", reason: reason)
        case "wrong version number", "packet length too long", "record layer failure":
            return TLSError(code: .handshakeFailed,
                            description: "\(prefix): \(reason): the port did not answer in TLS (plain HTTP on this port?)",
                            reason: reason)
        case _ where reason.contains("protocol version") || reason.contains("unsupported protocol")
            || reason.contains("version too low")
            || reason.contains("wrong ssl version") || reason.contains("inappropriate fallback"):
            return TLSError(code: .protocolVersion,
                            description: "\(prefix): the server does not accept \(range) (\(reason))", reason: reason)
        case "unexpected eof while reading":
            return TLSError(code: .handshakeFailed,
                            description: "\(prefix): the server closed the connection mid-handshake (\(reason))",
                            reason: reason)
        default:
            return TLSError(code: .handshakeFailed, description: "\(prefix): \(reason)", reason: reason)
        }
    }

    public func write(_ bytes: [UInt8]) throws(TLSError) {
        guard !closed else { throw TLSError(code: .closed, description: "write on a closed TLS connection") }
        guard !bytes.isEmpty else { return }
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            OpenSSLErrors.clear()
            let written = bytes.withUnsafeBytes { raw in
                SSL_write(ssl.pointer, raw.baseAddress! + offset, Int32(clamping: bytes.count - offset))
            }
            if written > 0 { offset += Int(written); continue }
            let error = SSL_get_error(ssl.pointer, written)
            switch error {
            case SSL_ERROR_WANT_READ: try Self.wait(socket, forWriting: false, deadline: deadline, what: "TLS write to \(endpoint)")
            case SSL_ERROR_WANT_WRITE: try Self.wait(socket, forWriting: true, deadline: deadline, what: "TLS write to \(endpoint)")
            default: throw ioError(error, "TLS write to \(endpoint)")
            }
        }
    }

    /// Up to `maximum` bytes; empty at end of stream.
    public func read(maximum: Int) throws(TLSError) -> [UInt8] {
        guard !closed else { throw TLSError(code: .closed, description: "read on a closed TLS connection") }
        guard maximum > 0 else { return [] }
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            OpenSSLErrors.clear()
            let count = buffer.withUnsafeMutableBytes { raw in
                SSL_read(ssl.pointer, raw.baseAddress!, Int32(clamping: maximum))
            }
            if count > 0 { return Array(buffer.prefix(Int(count))) }
            let error = SSL_get_error(ssl.pointer, count)
            switch error {
            case SSL_ERROR_ZERO_RETURN: return []
            case SSL_ERROR_WANT_READ: try Self.wait(socket, forWriting: false, deadline: deadline, what: "TLS read from \(endpoint)")
            case SSL_ERROR_WANT_WRITE: try Self.wait(socket, forWriting: true, deadline: deadline, what: "TLS read from \(endpoint)")
            case SSL_ERROR_SYSCALL where errno == 0 || errno == ECONNRESET:
                // EOF without close_notify (SSL_OP_IGNORE_UNEXPECTED_EOF) or a reset: end of stream.
                _ = OpenSSLErrors.drain()
                return []
            default: throw ioError(error, "TLS read from \(endpoint)")
            }
        }
    }

    private static func wait(_ socket: BlockingTCPConnection, forWriting: Bool, deadline: ContinuousClock.Instant,
                             what: String) throws(TLSError) {
        do {
            try socket.wait(forWriting: forWriting, until: deadline, what: what)
        } catch {
            throw error.kind == .timedOut ? TLSError(error) : TLSError(code: .io, description: error.description)
        }
    }

    private func ioError(_ error: Int32, _ what: String) -> TLSError {
        let systemErrno = errno
        if let reason = OpenSSLErrors.firstReason() {
            return TLSError(code: .io, description: "\(what) failed: \(reason)", reason: reason)
        }
        return TLSError(code: .io, description: "\(what) failed: \(systemErrno != 0 ? errnoText(systemErrno) : "connection closed")")
    }

    /// Sends close_notify (best effort, no waiting) and closes the socket. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        OpenSSLErrors.clear()
        _ = SSL_shutdown(ssl.pointer)
        _ = OpenSSLErrors.drain()
        socket.close()
    }
}
