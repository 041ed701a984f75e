#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DVBasics
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
public struct FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Could not connect at all: refused, unreachable, connect timeout (a CA may fall back to IPv4).
        case dial
        /// Connected, then the exchange timed out.
        case timeout
        /// TLS handshake failed.
        case tls
        /// Reset, closed early, or bytes that are not HTTP/1.x.
        case protocolError
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A TCP connection on a blocking socket with poll(2)-enforced deadlines.
public final class PlainSocketStream: ByteStream {
    private var descriptor: Int32
    private let deadline: ContinuousClock.Instant
    public var tlsVersion: String? { nil }

    /// Connects within `connectTimeout`; reads and writes must finish before `deadline`.
    public init(ip: String, port: UInt16, connectTimeout: Duration, deadline: ContinuousClock.Instant) throws(FetchFailure) {
        self.deadline = deadline
        let isV6 = ip.contains(":")
        var storage = sockaddr_storage()
        var length: socklen_t
        if isV6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, ip, &address.sin6_addr) == 1 else { throw FetchFailure(.dial, "\(ip) is not an IP address") }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeBytes(of: address) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, ip, &address.sin_addr) == 1 else { throw FetchFailure(.dial, "\(ip) is not an IP address") }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeBytes(of: address) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
        }
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        descriptor = socket(isV6 ? AF_INET6 : AF_INET, socketType, 0)
        guard descriptor >= 0 else { throw FetchFailure(.dial, "socket: \(String(cString: strerror(errno)))") }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let target = isV6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc_connect(descriptor, $0, length) }
        }
        if result != 0 {
            guard errno == EINPROGRESS else {
                let message = Self.dialMessage(errno, target)
                Glibc_close(descriptor)
                throw FetchFailure(.dial, message)
            }
            let connectDeadline = min(ContinuousClock.now + connectTimeout, deadline)
            guard Self.wait(descriptor, events: Int16(POLLOUT), until: connectDeadline) else {
                Glibc_close(descriptor)
                throw FetchFailure(.dial, "connecting to \(target) timed out after \(connectTimeout)")
            }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &size)
            if error != 0 {
                Glibc_close(descriptor)
                throw FetchFailure(.dial, Self.dialMessage(error, target))
            }
        }
    }

    deinit { close() }

    /// The raw descriptor (for TLS layered on top); -1 after close.
    public var fileDescriptor: Int32 { descriptor }

    private static func dialMessage(_ code: Int32, _ target: String) -> String {
        switch code {
        case ECONNREFUSED: "connection to \(target) refused (nothing listens on that port)"
        case ENETUNREACH, EHOSTUNREACH: "\(target) is unreachable: \(String(cString: strerror(code)))"
        default: "cannot connect to \(target): \(String(cString: strerror(code)))"
        }
    }

    static func wait(_ descriptor: Int32, events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return false }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return true }
        }
    }

    public func write(_ bytes: [UInt8]) throws(FetchFailure) {
        var offset = 0
        while offset < bytes.count {
            guard Self.wait(descriptor, events: Int16(POLLOUT), until: deadline) else {
                throw FetchFailure(.timeout, "timed out sending the request")
            }
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw FetchFailure(.protocolError, "sending the request failed: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    public func read(maximum: Int) throws(FetchFailure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            guard Self.wait(descriptor, events: Int16(POLLIN), until: deadline) else {
                throw FetchFailure(.timeout, "timed out waiting for the response")
            }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                if errno == ECONNRESET { throw FetchFailure(.protocolError, "the server reset the connection") }
                throw FetchFailure(.protocolError, "reading the response failed: \(String(cString: strerror(errno)))")
            }
            return Array(buffer.prefix(count))
        }
    }

    public func close() {
        if descriptor >= 0 {
            Glibc_close(descriptor)
            descriptor = -1
        }
    }
}

private func Glibc_connect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.connect(descriptor, address, length)
    #else
    Darwin.connect(descriptor, address, length)
    #endif
}

private func Glibc_close(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}

/// Runs blocking work on a thread of its own, off Swift's cooperative pool.
public func runOnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let started = startDetachedThread { continuation.resume(returning: work()) }
        // No thread to be had (a process limit): blocking here beats not answering.
        if !started { continuation.resume(returning: work()) }
    }
}
