#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic deadline for blocking calls with poll()-based timeouts.
struct Deadline {
    let instant: ContinuousClock.Instant

    init(after timeout: Duration) { instant = ContinuousClock.now.advanced(by: timeout) }

    /// Milliseconds left for poll(), at least 0.
    var remainingMilliseconds: Int32 {
        let left = ContinuousClock.now.duration(to: instant)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: millis)
    }

    var hasPassed: Bool { ContinuousClock.now >= instant }
}

/// A non-blocking TCP socket whose connect, waits and close are bounded by deadlines.
final class TCPSocket: @unchecked Sendable {
    private(set) var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close() }

    func close() {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
            descriptor = -1
        }
    }

    /// Connects to a literal IPv4/IPv6 address before `deadline`.
    static func connect(ip: String, port: UInt16, deadline: Deadline) throws(TLSError) -> TCPSocket {
        ignoreSIGPIPE()
        let endpoint = "\(ip.contains(":") ? "[\(ip)]" : ip):\(port)"
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, ip, &v4) == 1 {
            family = AF_INET
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = v4
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else if inet_pton(AF_INET6, ip, &v6) == 1 {
            family = AF_INET6
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = v6
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            throw TLSError(code: "bad-address", description: "'\(ip)' is not an IPv4 or IPv6 address")
        }
        #if canImport(Glibc)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(family, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else {
            throw TLSError(code: "connect-failed", description: "cannot create a socket: \(errnoText(errno))")
        }
        let owner = TCPSocket(descriptor: fd)
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemConnect(fd, $0, length) }
        }
        if result != 0 {
            let error = errno
            guard error == EINPROGRESS || error == EINTR else { throw connectError(error, endpoint) }
            try owner.wait(forWriting: true, deadline: deadline, what: "TCP connect to \(endpoint)")
            var soError: Int32 = 0
            var soLength = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &soLength)
            if soError != 0 { throw connectError(soError, endpoint) }
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return owner
    }

    /// Waits until the socket is readable (or writable) or throws `timed-out` at the deadline.
    func wait(forWriting: Bool, deadline: Deadline, what: String) throws(TLSError) {
        while true {
            var descriptorSet = pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
            let remaining = deadline.remainingMilliseconds
            if remaining <= 0 {
                throw TLSError(code: "timed-out", description: "\(what) timed out")
            }
            let ready = poll(&descriptorSet, 1, remaining)
            if ready > 0 { return }
            if ready == 0 { throw TLSError(code: "timed-out", description: "\(what) timed out") }
            if errno != EINTR {
                throw TLSError(code: "io", description: "\(what): poll failed: \(errnoText(errno))")
            }
        }
    }

    private static func connectError(_ error: Int32, _ endpoint: String) -> TLSError {
        switch error {
        case ECONNREFUSED:
            TLSError(code: "connection-refused", description: "connection refused by \(endpoint) (port closed: nothing listens there)")
        case ETIMEDOUT:
            TLSError(code: "timed-out", description: "TCP connect to \(endpoint) timed out (port filtered or host down)")
        case ENETUNREACH, EHOSTUNREACH:
            TLSError(code: "unreachable", description: "\(endpoint) is unreachable: \(errnoText(error))")
        default:
            TLSError(code: "connect-failed", description: "cannot connect to \(endpoint): \(errnoText(error))")
        }
    }
}

func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }

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

/// OpenSSL's socket BIO writes with write(2): a peer reset must not kill the process with SIGPIPE.
private let sigpipeIgnored: Bool = {
    signal(SIGPIPE, SIG_IGN)
    return true
}()

private func ignoreSIGPIPE() { _ = sigpipeIgnored }
