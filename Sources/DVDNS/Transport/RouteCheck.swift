import Glibc
import NIOConcurrencyHelpers

/// Whether this machine has a route to an address, asked of the kernel once per address and remembered.
///
/// A UDP `connect()` sends nothing: it only looks the route up, so "network unreachable" (no route, no IPv6 at
/// all), a blackhole, prohibit or unreachable route show here before a query is sent. Two reasons to ask first:
/// such a send error closes NIO's shared datagram socket (only EMSGSIZE and EHOSTUNREACH are recoverable there),
/// which would fail every later query of the run to every server; and a missing route is a limit of this
/// machine, not a fault of the server, so it must be told apart from a server that does not answer.
final class RouteCheck: Sendable {
    private let known = NIOLockedValueBox<[IPAddress: String?]>([:])

    /// Nil when the kernel has a route; otherwise why not, in its words ("Network is unreachable").
    func missingRoute(to ip: IPAddress) -> String? {
        if let cached = known.withLockedValue({ $0[ip] }) { return cached }
        let reason = Self.ask(ip)
        known.withLockedValue { $0[ip] = reason }
        return reason
    }

    private static func ask(_ ip: IPAddress) -> String? {
        let socketDescriptor = socket(ip.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(socketDescriptor) }
        let result = DNSClient.socketAddress(of: ServerAddress(ip: ip)).withSockAddr { address, length in
            connect(socketDescriptor, address, socklen_t(length))
        }
        return result == 0 ? nil : String(cString: strerror(errno))
    }
}
