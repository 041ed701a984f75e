import DVTestSupport
import Glibc
import Testing
@testable import DVHTTPServer
@testable import DVHTTPCheck

/// Graceful shutdown's bound, and the access log's writer that wakes only for lines.
@Suite(.serialized) struct ShutdownTests {
    static let token = "/.well-known/acme-challenge/grace-1"
    static let source = FixedTokens([token: Array("grace-1.thumbprint".utf8)])

    @Test func shutdownClosesWhatDoesNotFinishWithinTheGrace() async throws {
        let running = try await RunningServer.start(Self.source) {
            $0.limits.shutdownGrace = .milliseconds(400)
            $0.limits.headerTimeout = .seconds(30)
        }
        let deadline = ContinuousClock.now + .seconds(5)
        let (ip, port) = (running.address.ip, UInt16(running.address.port))
        let stuck = try PlainSocketStream(ip: ip, port: port, connectTimeout: .seconds(2), deadline: deadline)
        let idle = try PlainSocketStream(ip: ip, port: port, connectTimeout: .seconds(2), deadline: deadline)
        defer { stuck.close(); idle.close() }
        try stuck.write(Array("GET \(Self.token) HTTP/1.1\r\nHost: a\r\n".utf8))  // the head never ends
        let registered = ContinuousClock.now + .seconds(2)
        while running.server.openConnections < 2 && ContinuousClock.now < registered {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(100))
        let stopped = ContinuousClock.now
        running.server.stop(.signal)
        // The idle connection closes at once, without an answer.
        #expect(try readUntilClosed { try idle.read(maximum: 4096) }.isEmpty)
        #expect(ContinuousClock.now - stopped < .milliseconds(300))
        #expect(try await running.task.value == .signal)
        let took = ContinuousClock.now - stopped
        #expect(took >= .milliseconds(350), "run returned before the grace ran out: \(took)")
        #expect(took < .seconds(2), "run outlived the grace: \(took)")
        #expect(try readUntilClosed { try stuck.read(maximum: 4096) }.isEmpty)
        #expect(running.server.openConnections == 0)
        // No longer listening.
        #expect(throws: (any Error).self) { try RawClient.get(running.address, Self.token) }
    }

    /// Connections that arrive while the server stops (a CA's perspectives fetching at once while `--until-fetched`
    /// ends the run) are each answered or closed: none is dropped unserved, which would trap the process in NIO
    /// ("Deinited NIOAsyncWriter without calling finish()", swift-nio #2813). Twenty rounds of a 64-connection burst,
    /// then stop and cancel at once.
    @Test func connectionsArrivingDuringShutdownDoNotCrashTheServer() async throws {
        for _ in 0..<20 {
            let running = try await RunningServer.start(Self.source)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(running.address.port).bigEndian)
            inet_pton(AF_INET, running.address.ip, &address.sin_addr)
            var clients: [Int32] = []
            defer { for client in clients { Glibc.close(client) } }
            for _ in 0..<64 {
                let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                try #require(client >= 0)
                clients.append(client)
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
            running.server.stop(.signal)
            running.task.cancel()
            #expect(try await running.task.value == .signal)
        }
    }

    @Test func aClientThatShutsItsSideStillGetsItsAnswers() async throws {
        let running = try await RunningServer.start(Self.source)
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(client >= 0)
        defer { Glibc.close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(running.address.port).bigEndian)
        inet_pton(AF_INET, running.address.ip, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let requests = Array("GET \(Self.token) HTTP/1.1\r\nHost: a\r\n\r\nHEAD \(Self.token) HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        try #require(send(client, requests, requests.count, 0) == requests.count)
        shutdown(client, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let text = readUntilClosed { () -> [UInt8] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(client, &buffer, buffer.count, 0)
            return Array(buffer.prefix(max(0, count)))
        }
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3, "\(text)")
        #expect(text.contains("grace-1.thumbprint"))
        _ = try await running.stop()
    }

    @Test func accessLogWritesABatchSoonAfterItsFirstLine() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { Glibc.close(ends[0]); Glibc.close(ends[1]) }
        let log = AccessLog(fileDescriptor: ends[1], json: false)
        defer { log.close() }
        for path in ["/a", "/b"] {
            log.record(AccessRecord(time: 0, client: "127.0.0.1:1", method: "GET", path: path, host: "h", status: 200,
                                    userAgent: nil, bytes: 1))
        }
        // Without flush: the writing thread sends both lines, in one write, within about 100 ms.
        var ready = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        try #require(poll(&ready, 1, 2000) == 1, "nothing written within 2 s")
        usleep(50_000)  // both lines go out in one write; let it land whole
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(ends[0], &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        #expect(text.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 2, "\(text)")
        #expect(text.contains(#""GET /a" 200 1 host="h""#))
        // Nothing more comes while no line is logged.
        ready.revents = 0
        #expect(poll(&ready, 1, 300) == 0)
    }
}
