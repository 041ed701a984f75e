import DVTLS
import DVTestSupport
import Foundation
import Testing
import Glibc

/// Where `scripts/test-pki` and `scripts/tls-servers up` put their output. Tests fail (never skip) when missing.
enum TestEnvironment {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let pkiDirectory = ProcessInfo.processInfo.environment["DVTOOL_PKI_DIR"] ?? "/tmp/dvtool-pki"

    static func pki(_ name: String) -> String { "\(pkiDirectory)/\(name)" }

    static func requirePKI(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(FileManager.default.fileExists(atPath: pki(".complete")),
                "test PKI missing: run scripts/test-pki (or scripts/tls-servers up)", sourceLocation: sourceLocation)
    }

    /// nginx per case (scripts/tls-servers).
    enum Server {
        static let valid = "127.53.80.1"
        static let expired = "127.53.80.2"
        static let notYet = "127.53.80.3"
        static let wrongName = "127.53.80.4"
        static let wildcard = "127.53.80.5"
        static let missingIntermediate = "127.53.80.6"
        static let wrongOrder = "127.53.80.7"
        static let tls10 = "127.53.80.8"
        static let rsa1024 = "127.53.80.9"
        static let sha1 = "127.53.80.10"
        static let rootIncluded = "127.53.80.11"
        static let tls13Only = "127.53.80.12"
        static let plainHTTP = "127.53.80.13"
    }

    static let domain = "tls.example.test"

    /// True when something accepts TCP on 127.53.80.1:443 (the servers are up).
    static func serversUp() -> Bool { accepts(Server.valid, port: 443) }

    /// True when something accepts TCP on ip:port.
    static func accepts(_ ip: String, port: UInt16) -> Bool {
        guard let fd = connectTCP(ip, port: port) else { return false }
        close(fd)
        return true
    }

    static func requireServers(sourceLocation: SourceLocation = #_sourceLocation) {
        requirePKI(sourceLocation: sourceLocation)
        #expect(serversUp(), "TLS test servers are down: run scripts/tls-servers up", sourceLocation: sourceLocation)
    }
}

/// A TCP listener that accepts (via the kernel backlog) but never speaks: for handshake timeouts.
final class SilentListener {
    let fd: Int32
    let port: UInt16

    init(address: String = "127.53.80.99") throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = 0
        inet_pton(AF_INET, address, &sin.sin_addr)
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: sin.sin_port)
    }

    deinit { close(fd) }
}

/// A fixed `now:` for checks that compare against validity windows, taken from a test-PKI certificate's own
/// notBefore/notAfter so that no test depends on the wall clock (scripts/test-pki dates most leaves from the day
/// it ran).
enum TestMoment {
    /// Halfway through the leaf's window: valid, and for a 365-day leaf far from the 30-day warning.
    case middle
    /// One day after notAfter.
    case afterExpiry
    /// One day before notBefore.
    case beforeStart

    /// The moment for the first certificate in the test-PKI file `name` (the reference leaf whose window a test uses).
    func date(for name: String) throws -> Date {
        guard let leaf = try PKIFile.read(path: TestEnvironment.pki(name)).certificates.first else {
            throw PKIFileError(.empty, "\(name) holds no certificate")
        }
        let day: TimeInterval = 86_400
        switch self {
        case .middle: return leaf.notBefore.addingTimeInterval(leaf.notAfter.timeIntervalSince(leaf.notBefore) / 2)
        case .afterExpiry: return leaf.notAfter.addingTimeInterval(day)
        case .beforeStart: return leaf.notBefore.addingTimeInterval(-day)
        }
    }
}
