import Foundation
import DVTestSupport
import Testing
@testable import DVHTTPServer
@testable import DVHTTPCheck

/// The token server in-process on 127.53.70.2 (port 0), driven by a raw socket client.
@Suite(.serialized) struct ServerTests {
    static let token = "/.well-known/acme-challenge/tok-123_ABC"
    static let source = FixedTokens([token: Array("tok-123_ABC.thumbprint".utf8), "/.well-known/pki-validation/fileauth.txt": Array("line1\nline2\n".utf8)])

    @Test func servesExactBytesAsTextPlain() async throws {
        let running = try await RunningServer.start(Self.source)
        let reply = try RawClient.get(running.address, Self.token)
        #expect(reply.status == 200)
        #expect(reply.text.contains("\r\nContent-Type: text/plain\r\n"))
        #expect(reply.text.contains("\r\nContent-Length: 22\r\n"))
        #expect(reply.body == "tok-123_ABC.thumbprint")
        let file = try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt")
        #expect(file.body == "line1\nline2\n")
        #expect(try await running.stop() == .requested)
    }

    @Test func headHasHeadersOnly() async throws {
        let running = try await RunningServer.start(Self.source)
        let reply = try RawClient.get(running.address, Self.token, method: "HEAD")
        #expect(reply.status == 200)
        #expect(reply.text.contains("Content-Length: 22\r\n"))
        #expect(reply.body.isEmpty)
        _ = try await running.stop()
    }

    @Test func otherMethodsGet405WithAllow() async throws {
        let running = try await RunningServer.start(Self.source)
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
            let reply = try RawClient.get(running.address, Self.token, method: method)
            #expect(reply.status == 405, "\(method)")
            let allow: Bool = reply.text.contains("\r\nAllow: GET, HEAD\r\n")
            #expect(allow)
        }
        _ = try await running.stop()
    }

    @Test func unknownPathsAre404() async throws {
        let running = try await RunningServer.start(Self.source)
        for path in ["/", "/.well-known/acme-challenge/", "/.well-known/acme-challenge/other", Self.token + "x", Self.token + "/"] {
            #expect(try RawClient.get(running.address, path).status == 404, "\(path)")
        }
        // The query string is ignored, like every web server does for static files.
        #expect(try RawClient.get(running.address, Self.token + "?x=1").status == 200)
        _ = try await running.stop()
    }

    @Test func keepAliveAndPipelining() async throws {
        let running = try await RunningServer.start(Self.source)
        let one = "GET \(Self.token) HTTP/1.1\r\nHost: a\r\n\r\n"
        let reply = try RawClient.exchange(running.address, one + one + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n" + one
                                           + "GET \(Self.token) HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(reply.statuses == [200, 200, 404, 200, 200])
        #expect(reply.closed)
        // HTTP/1.0 closes unless asked to keep alive.
        let old = try RawClient.exchange(running.address, "GET \(Self.token) HTTP/1.0\r\n\r\n")
        #expect(old.status == 200)
        #expect(old.closed)
        _ = try await running.stop()
    }

    @Test func headsSplitAcrossReadsAreJoined() async throws {
        let running = try await RunningServer.start(Self.source)
        let stream = try PlainSocketStream(ip: running.address.ip, port: UInt16(running.address.port),
                                           connectTimeout: .seconds(2), deadline: ContinuousClock.now + .seconds(5))
        defer { stream.close() }
        let pieces = ["GET \(Self.token) HT", "TP/1.1\r\nHo", "st: a\r", "\n\r\nGET \(Self.token) HTTP/1.1\r\n", "Host: a\r\nConnection: close\r\n\r\n"]
        for piece in pieces {
            try stream.write(Array(piece.utf8))
            try await Task.sleep(for: .milliseconds(30))
        }
        var received: [UInt8] = []
        while let chunk = try? stream.read(maximum: 4096), !chunk.isEmpty { received += chunk }
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count - 1 == 2, "\(text)")
        #expect(text.hasSuffix("tok-123_ABC.thumbprint"))
        _ = try await running.stop()
    }

    @Test func repeatedAnswersFollowTheSourceAndTheRequest() async throws {
        let source = ChangingSource(path: Self.token, body: "first")
        let running = try await RunningServer.start(source)
        let stream = try PlainSocketStream(ip: running.address.ip, port: UInt16(running.address.port),
                                           connectTimeout: .seconds(2), deadline: ContinuousClock.now + .seconds(5))
        defer { stream.close() }
        func ask(_ method: String = "GET", close: Bool = false) throws -> String {
            let extra = close ? "Connection: close\r\n" : ""
            try stream.write(Array("\(method) \(Self.token) HTTP/1.1\r\nHost: a\r\n\(extra)\r\n".utf8))
            return String(decoding: try stream.read(maximum: 4096), as: UTF8.self)
        }
        #expect(try ask().hasSuffix("\r\n\r\nfirst"))
        #expect(try ask().hasSuffix("\r\n\r\nfirst"))
        source.set("second")
        #expect(try ask().hasSuffix("\r\n\r\nsecond"))
        let head = try ask("HEAD")
        #expect(head.hasSuffix("Content-Length: 6\r\n\r\n"))
        let last = try ask(close: true)
        #expect(last.contains("Connection: close\r\n"))
        #expect(last.hasSuffix("\r\n\r\nsecond"))
        _ = try await running.stop()
    }

    @Test func hostRestriction() async throws {
        let running = try await RunningServer.start(Self.source) { $0.hostName = "xn--bcher-kva.example" }
        #expect(try RawClient.get(running.address, Self.token, host: "xn--bcher-kva.example").status == 200)
        #expect(try RawClient.get(running.address, Self.token, host: "XN--BCHER-KVA.example.:80").status == 200)
        #expect(try RawClient.get(running.address, Self.token, host: "other.example").status == 404)
        #expect(try RawClient.get(running.address, Self.token, host: "127.53.70.2").status == 404)
        _ = try await running.stop()
    }

    @Test func limitsAnswer414And431AndServerCarriesOn() async throws {
        let running = try await RunningServer.start(Self.source)
        let longLine = try RawClient.exchange(running.address, "GET /\(String(repeating: "a", count: 3000)) HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(longLine.status == 414)
        #expect(longLine.closed)
        let bigHead = try RawClient.exchange(running.address, "GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "b", count: 9000))\r\n\r\n")
        #expect(bigHead.status == 431)
        #expect(bigHead.closed)
        // The limit is exact: a head of 8,192 bytes is answered, one of 8,193 is not.
        func head(bytes: Int) -> String {
            let start = "GET \(Self.token) HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX: "
            return start + String(repeating: "c", count: bytes - start.utf8.count - 4) + "\r\n\r\n"
        }
        #expect(try RawClient.exchange(running.address, head(bytes: 8192)).status == 200)
        #expect(try RawClient.exchange(running.address, head(bytes: 8193)).status == 431)
        let badHost = try RawClient.exchange(running.address, "GET \(Self.token) HTTP/1.1\r\nHost: a:x\r\n\r\n")
        #expect(badHost.status == 400)
        let fields = (0..<100).map { "X-\($0): v\r\n" }.joined()
        let many = try RawClient.exchange(running.address, "GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n")
        #expect(many.status == 431)
        let garbage = try RawClient.exchange(running.address, "GARBAGE\r\n\r\n")
        #expect(garbage.status == 400)
        #expect(garbage.closed)
        // A good request in front of a bad one is answered first.
        let mixed = try RawClient.exchange(running.address, "GET \(Self.token) HTTP/1.1\r\nHost: a\r\n\r\nBAD REQUEST\r\n\r\n")
        #expect(mixed.statuses == [200, 400])
        #expect(try RawClient.get(running.address, Self.token).status == 200)
        _ = try await running.stop()
    }

    @Test func slowClientGets408AndIdleConnectionsClose() async throws {
        let running = try await RunningServer.start(Self.source) {
            $0.limits.headerTimeout = .milliseconds(500)
            $0.limits.idleTimeout = .milliseconds(500)
        }
        let started = ContinuousClock.now
        let slow = try RawClient.exchange(running.address, "GET / HTTP/1.1\r\nHost:", timeout: .seconds(5))
        #expect(slow.status == 408)
        #expect(slow.closed)
        let silent = try RawClient.exchange(running.address, [], timeout: .seconds(5))
        #expect(silent.closed)
        #expect(silent.text.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(4))
        _ = try await running.stop()
    }

    @Test func connectionCapAnswers503() async throws {
        let running = try await RunningServer.start(Self.source) { $0.limits.maxConnections = 2 }
        let deadline = ContinuousClock.now + .seconds(5)
        let first = try PlainSocketStream(ip: running.address.ip, port: UInt16(running.address.port), connectTimeout: .seconds(2), deadline: deadline)
        let second = try PlainSocketStream(ip: running.address.ip, port: UInt16(running.address.port), connectTimeout: .seconds(2), deadline: deadline)
        defer { first.close(); second.close() }
        try first.write(Array("GET \(Self.token) HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        _ = try first.read(maximum: 4096)
        // The second connection is registered on its own event loop, maybe a moment after connect returns.
        let registered = ContinuousClock.now + .seconds(2)
        while running.server.openConnections < 2 && ContinuousClock.now < registered {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(running.server.openConnections == 2)
        let third = try RawClient.get(running.address, Self.token)
        #expect(third.status == 503)
        first.close()
        second.close()
        try await Task.sleep(for: .milliseconds(200))
        #expect(try RawClient.get(running.address, Self.token).status == 200)
        _ = try await running.stop()
    }

    @Test func accessLogRecordsEveryRequest() async throws {
        let log = RecordingLog()
        let running = try await RunningServer.start(Self.source, log: log)
        _ = try RawClient.exchange(running.address, "GET \(Self.token) HTTP/1.1\r\nHost: ex.test\r\nUser-Agent: Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)\r\nConnection: close\r\n\r\n")
        _ = try RawClient.get(running.address, "/missing")
        _ = try RawClient.exchange(running.address, "GARBAGE\r\n\r\n")
        _ = try await running.stop()
        let records = log.all
        #expect(records.map(\.status) == [200, 404, 400])
        let first = try #require(records.first, "the access log recorded nothing")
        #expect(first.host == "ex.test")
        #expect(first.method == "GET")
        #expect(first.path == Self.token)
        #expect(first.userAgent?.contains("Let's Encrypt") == true)
        #expect(first.client.hasPrefix("127."))
        let record = AccessRecord(time: 0, client: "1.2.3.4:5", method: "GET", path: "/a\"b\u{1B}[31m", host: nil,
                                  status: 200, userAgent: "x\ny", bytes: 3)
        let text: String = AccessLog.textLine(record)
        let wanted: String = #"1970-01-01T00:00:00.000Z 1.2.3.4:5 "GET /a\"b\x1B[31m" 200 3 host="-" ua="x\x0Ay""# + "\n"
        #expect(text == wanted)
        let long = AccessRecord(time: 0, client: "1.2.3.4:5", method: "GET", path: "/", host: "h",
                                status: 404, userAgent: String(repeating: "a", count: 300), bytes: 0)
        #expect(AccessLog.textLine(long).hasSuffix(#"ua=""# + String(repeating: "a", count: 256) + "…\"\n"))
        let exact = AccessRecord(time: 0, client: "1.2.3.4:5", method: "GET", path: "/", host: "h",
                                 status: 404, userAgent: String(repeating: "b", count: 256), bytes: 0)
        #expect(AccessLog.textLine(exact).hasSuffix(#"ua=""# + String(repeating: "b", count: 256) + "\"\n"))
        #expect(AccessLog.timestamp(1_795_362_545.5) == "2026-11-22T15:49:05.500Z")
        // One formatter across a second boundary and back: the cached date part follows the clock.
        var formatter = TimestampFormatter()
        var stamps: [UInt8] = []
        for time in [1_795_362_545.999, 1_795_362_546.0, 1_795_362_546.042, 0.007] {
            formatter.append(time, to: &stamps)
            stamps.append(UInt8(ascii: " "))
        }
        #expect(String(decoding: stamps, as: UTF8.self)
            == "2026-11-22T15:49:05.999Z 2026-11-22T15:49:06.000Z 2026-11-22T15:49:06.042Z 1970-01-01T00:00:00.007Z ")
        var numbers: [UInt8] = []
        for value in [0, 7, 10, 404, 65_536, -12] {
            AccessLog.appendDecimal(value, to: &numbers)
            numbers.append(UInt8(ascii: ","))
        }
        #expect(String(decoding: numbers, as: UTF8.self) == "0,7,10,404,65536,-12,")
        let json = AccessLog.jsonLine(first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let status = object["status"] as? Int
        let path = object["path"] as? String
        let event = object["event"] as? String
        #expect(status == 200)
        #expect(path == Self.token)
        #expect(event == "request")
    }

    @Test func untilFetchedStopsAfterEveryTokenWasFetchedNTimes() async throws {
        let running = try await RunningServer.start(Self.source) { $0.untilFetched = 2 }
        for _ in 0..<2 { #expect(try RawClient.get(running.address, Self.token).status == 200) }
        // HEAD and 404s do not count.
        _ = try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt", method: "HEAD")
        _ = try RawClient.get(running.address, "/missing")
        try await Task.sleep(for: .milliseconds(100))
        #expect(running.server.fetchCounts["/.well-known/pki-validation/fileauth.txt"] == nil)
        _ = try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt")
        _ = try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt")
        let reason = try await running.task.value
        #expect(reason == .allFetched)
    }

    @Test func gracefulShutdownFinishesTheRequestInProgress() async throws {
        let running = try await RunningServer.start(Self.source)
        let deadline = ContinuousClock.now + .seconds(5)
        let stream = try PlainSocketStream(ip: running.address.ip, port: UInt16(running.address.port), connectTimeout: .seconds(2), deadline: deadline)
        defer { stream.close() }
        try stream.write(Array("GET \(Self.token) HTTP/1.1\r\nHost: a\r\n".utf8))
        try await Task.sleep(for: .milliseconds(100))
        running.server.stop(.signal)
        try await Task.sleep(for: .milliseconds(100))
        try stream.write(Array("\r\n".utf8))
        let text = try readUntilClosed { try stream.read(maximum: 4096) }
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.contains("Connection: close"))
        #expect(try await running.task.value == .signal)
    }

    @Test func bindErrorsAreExplained() async throws {
        let running = try await RunningServer.start(Self.source)
        let again = TokenServer(configuration: TokenServerConfiguration(listen: [ListenAddress(host: running.address.ip, port: running.address.port)]),
                                source: Self.source)
        do {
            _ = try await again.run()
            Issue.record("second bind succeeded")
        } catch let error as ServeError {
            guard case .addressInUse = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains("127.53.70.2:\(running.address.port) is already in use"))
        }
        _ = try await running.stop()
        #expect(ServeError.permissionDenied("0.0.0.0:80", port: 80).description.contains("cap_net_bind_service"))
    }

    @Test func listenAddressParsing() {
        #expect(ListenAddress.parse("127.0.0.1:8080") == [ListenAddress(host: "127.0.0.1", port: 8080)])
        #expect(ListenAddress.parse("[::1]:80") == [ListenAddress(host: "::1", port: 80)])
        #expect(ListenAddress.parse(":80")?.count == 2)
        for bad in ["127.0.0.1", "localhost:80", "[::1]", "1.2.3.4:99999", "::1:80", "1.2.3.4:x"] {
            #expect(ListenAddress.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func hostHeaderNormalisation() {
        #expect(TokenResponder.hostName("Example.TEST.:8080") == "example.test")
        #expect(TokenResponder.hostName("[::1]:80") == "::1")
        #expect(TokenResponder.hostName("a:b") == nil)
        #expect(TokenResponder.hostName("[::1") == nil)
        #expect(TokenResponder.hostName("[::1]x") == nil)
        #expect(TokenResponder.hostName(".:80") == nil)
        #expect(TokenResponder.hostName("XN--FSQU00A.XN--0ZWM56D") == "xn--fsqu00a.xn--0zwm56d")
        #expect(TokenResponder.hostName("例子.测试:80") == "例子.测试")
        #expect(TokenResponder.hostName("ÉXAMPLE.test") == "éxample.test")
    }
}

/// One token whose content a test changes while the server runs.
final class ChangingSource: TokenSource, @unchecked Sendable {
    private let lock = NSLock()
    private let path: String
    private var body: [UInt8]

    init(path: String, body: String) {
        self.path = path
        self.body = Array(body.utf8)
    }

    func set(_ text: String) { lock.lock(); body = Array(text.utf8); lock.unlock() }
    func body(for path: String, host: String?) -> [UInt8]? { lock.lock(); defer { lock.unlock() }; return path == self.path ? body : nil }
    func currentPaths() -> [String] { [path] }
}
