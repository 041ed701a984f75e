import Glibc
import DVBasics

/// Why a blocking TCP step failed; `description` is the one line a report shows.
public typealias SocketError = KindedError<SocketErrorKind>

/// The kinds of `SocketError`.
public enum SocketErrorKind: Sendable {
    /// Not an IPv4 or IPv6 literal.
    case badAddress
    /// The peer answered the SYN with a reset: nothing listens on that port.
    case refused
    case unreachable
    /// The deadline passed (connect, or a wait for readiness).
    case timedOut
    /// Anything else the system reported.
    case failed
}

/// A TCP connection on a non-blocking socket whose connect and every wait are bounded by deadlines
/// (poll(2)); read and write through it, or hand `descriptor` to OpenSSL. The one blocking-socket layer of
/// dvtool: the CA-style HTTP fetch, the TLS probe and doctor's port checks all connect through it.
// @unchecked Sendable: one caller owns a connection at a time (it moves to the thread of runOnThread, is used there and
// closed); the only mutation, `descriptor` in close, never runs beside a read or write of the same connection.
public final class BlockingTCPConnection: @unchecked Sendable {
    public private(set) var descriptor: Int32
    /// `ip:port`, with brackets for IPv6, for messages.
    public let endpoint: String

    private init(descriptor: Int32, endpoint: String) {
        self.descriptor = descriptor
        self.endpoint = endpoint
    }

    deinit { close() }

    public func close() {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
            descriptor = -1
        }
    }

    /// Connects to a numeric IPv4/IPv6 address (as getaddrinfo's AI_NUMERICHOST reads it: scoped IPv6 such as
    /// `fe80::1%eth0` too; callers pass addresses from DNS answers or `HostPort`) before `deadline`. The descriptor is close-on-exec and
    /// TCP_NODELAY; SIGPIPE is ignored for the process (OpenSSL's socket BIO writes with write(2)).
    public static func connect(ip: String, port: UInt16, deadline: ContinuousClock.Instant) throws(SocketError) -> BlockingTCPConnection {
        ignoreSIGPIPE()
        let endpoint = "\(ip.contains(":") ? "[\(ip)]" : ip):\(port)"
        // getaddrinfo with numeric-only flags parses the literal (scoped IPv6 included) and never asks DNS.
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(ip, String(port), &hints, &addresses) == 0, let address = addresses?.pointee else {
            throw SocketError(.badAddress, "'\(ip)' is not an IPv4 or IPv6 address")
        }
        defer { freeaddrinfo(addresses) }
        let fd = socket(address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(.failed, "cannot create a socket: \(errnoText(errno))") }
        let connection = BlockingTCPConnection(descriptor: fd, endpoint: endpoint)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = systemConnect(fd, address.ai_addr, address.ai_addrlen)
        if result != 0 {
            let error = errno
            guard error == EINPROGRESS || error == EINTR else { throw connectError(error, endpoint) }
            try connection.wait(forWriting: true, until: deadline, what: "TCP connect to \(endpoint)")
            var soError: Int32 = 0
            var soLength = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &soLength)
            if soError != 0 { throw connectError(soError, endpoint) }
        }
        return connection
    }

    /// Returns once the socket is readable (or writable); throws `timedOut` at the deadline.
    public func wait(forWriting: Bool, until deadline: ContinuousClock.Instant, what: String) throws(SocketError) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw SocketError(.timedOut, "\(what) timed out") }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw SocketError(.failed, "\(what): poll failed: \(errnoText(errno))") }
        }
    }

    /// Writes all of `bytes` before `deadline`.
    public func write(_ bytes: [UInt8], until deadline: ContinuousClock.Instant, what: String) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            try wait(forWriting: true, until: deadline, what: what)
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw SocketError(.failed, "\(what) failed: \(errnoText(errno))")
            }
            offset += sent
        }
    }

    /// Up to `maximum` bytes before `deadline`; empty at end of stream. A reset is `refused`-free `failed`.
    public func read(maximum: Int, until deadline: ContinuousClock.Instant, what: String) throws(SocketError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            try wait(forWriting: false, until: deadline, what: what)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw SocketError(.failed, errno == ECONNRESET ? "the server reset the connection" : "\(what) failed: \(errnoText(errno))")
            }
            return Array(buffer.prefix(count))
        }
    }

    private static func connectError(_ error: Int32, _ endpoint: String) -> SocketError {
        switch error {
        case ECONNREFUSED:
            SocketError(.refused, "connection refused by \(endpoint) (port closed: nothing listens there)")
        case ETIMEDOUT:
            SocketError(.timedOut, "TCP connect to \(endpoint) timed out (port filtered or host down)")
        case ENETUNREACH, EHOSTUNREACH:
            SocketError(.unreachable, "\(endpoint) is unreachable: \(errnoText(error))")
        default:
            SocketError(.failed, "cannot connect to \(endpoint): \(errnoText(error))")
        }
    }
}

/// Runs blocking work on a thread of its own, off Swift's cooperative pool.
public func runOnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let started = startDetachedThread { continuation.resume(returning: work()) }
        // No thread to be had (a process limit): blocking here beats not answering.
        if !started { continuation.resume(returning: work()) }
    }
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}

private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.connect(fd, address, length)
    #else
    Darwin.connect(fd, address, length)
    #endif
}

private let sigpipeIgnored: Bool = {
    signal(SIGPIPE, SIG_IGN)
    return true
}()

private func ignoreSIGPIPE() { _ = sigpipeIgnored }
