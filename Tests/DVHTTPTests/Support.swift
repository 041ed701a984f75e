import DVTestSupport
import Foundation
import Testing
@testable import DVHTTPServer
@testable import DVHTTPCheck

/// A running in-process TokenServer and where it listens.
struct RunningServer {
    let server: TokenServer
    let address: BoundAddress
    let task: Task<StopReason, any Error>

    /// Starts on `host` port 0 (or `port`) and waits until it is bound.
    static func start(_ source: any TokenSource, host: String = "127.53.70.2", port: Int = 0,
                      configure: (inout TokenServerConfiguration) -> Void = { _ in },
                      log: any AccessLogSink = SilentLog()) async throws -> RunningServer {
        var configuration = TokenServerConfiguration(listen: [ListenAddress(host: host, port: port)])
        configure(&configuration)
        let server = TokenServer(configuration: configuration, source: source, log: log)
        let bound = BoundBox()
        let task = Task { try await server.run { addresses in bound.set(addresses) } }
        let deadline = ContinuousClock.now + .seconds(10)
        while bound.get() == nil {
            if ContinuousClock.now > deadline { task.cancel(); throw TestFailure("server did not start") }
            try await Task.sleep(for: .milliseconds(5))
        }
        guard let address = bound.get()?.first else { task.cancel(); throw TestFailure("server bound no address") }
        return RunningServer(server: server, address: address, task: task)
    }

    func stop() async throws -> StopReason {
        server.stop()
        return try await task.value
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

final class BoundBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [BoundAddress]?
    func set(_ addresses: [BoundAddress]) { lock.lock(); value = addresses; lock.unlock() }
    func get() -> [BoundAddress]? { lock.lock(); defer { lock.unlock() }; return value }
}

/// Collects access-log records in memory.
final class RecordingLog: AccessLogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [AccessRecord] = []
    func record(_ record: AccessRecord) { lock.lock(); records.append(record); lock.unlock() }
    func event(_ name: String, _ message: String, fields: [(String, String)]) {}
    func flush() {}
    var all: [AccessRecord] { lock.lock(); defer { lock.unlock() }; return records }
}

/// A raw TCP client: send bytes exactly as given, read what comes back until close or timeout.
enum RawClient {
    struct Reply {
        var text: String
        var closed: Bool
        var status: Int? {
            guard text.hasPrefix("HTTP/1.1 ") else { return nil }
            let code: String = String(text.dropFirst(9).prefix(3))
            return Int(code)
        }
        var statuses: [Int] {
            var result: [Int] = []
            let pieces: [String] = text.components(separatedBy: "HTTP/1.1 ")
            for piece in pieces.dropFirst() {
                let code: String = String(piece.prefix(3))
                if let value = Int(code) { result.append(value) }
            }
            return result
        }
        var body: String {
            guard let range = text.range(of: "\r\n\r\n") else { return "" }
            return String(text[range.upperBound...])
        }
    }

    static func exchange(_ address: BoundAddress, _ bytes: [UInt8], timeout: Duration = .seconds(3)) throws -> Reply {
        let deadline = ContinuousClock.now + timeout
        let stream = try PlainSocketStream(ip: address.ip, port: UInt16(address.port), connectTimeout: .seconds(2), deadline: deadline)
        defer { stream.close() }
        if !bytes.isEmpty { try stream.write(bytes) }
        var received: [UInt8] = []
        var closed = false
        while true {
            let outcome: Result<[UInt8], FetchFailure> = Result { () throws(FetchFailure) -> [UInt8] in try stream.read(maximum: 65536) }
            switch outcome {
            case let .success(chunk):
                if chunk.isEmpty {
                    closed = true
                } else {
                    received.append(contentsOf: chunk)
                    continue
                }
            case let .failure(failure):
                if failure.kind != .timeout { closed = true }
            }
            break
        }
        return Reply(text: String(decoding: received, as: UTF8.self), closed: closed)
    }

    static func exchange(_ address: BoundAddress, _ text: String, timeout: Duration = .seconds(3)) throws -> Reply {
        try exchange(address, Array(text.utf8), timeout: timeout)
    }

    /// GET with Connection: close.
    static func get(_ address: BoundAddress, _ target: String, host: String = "example.test", method: String = "GET") throws -> Reply {
        try exchange(address, "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
    }
}

/// The nginx case servers (`scripts/http-servers up`) and the DNS world (`TestWorld`). Tests fail, never skip, when down.
enum HTTPWorld {
    static let packageRoot = CLI.packageRoot
    static let resolver = "127.53.53.53"

    static func requireServers() throws {
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent("scripts/http-servers")
        process.arguments = ["status"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0,
                     "the nginx test servers are down: run `scripts/testnet up && scripts/http-servers up`")
    }

    /// `dvtool http-check NAME --json ...` decoded.
    static func check(_ name: String, _ arguments: [String] = []) async throws -> (status: Int32, report: HTTPCheckReport) {
        let result = try await TestWorld.runCLI(["http-check", name, "--resolver", resolver, "--connect-reserved", "--json"] + arguments, timeout: 90)
        guard let report = try? JSONDecoder().decode(HTTPCheckReport.self, from: Data(result.stdout.utf8)) else {
            throw TestFailure("http-check \(name) printed no report (status \(result.status)): \(result.stdout) \(result.stderr)")
        }
        return (result.status, report)
    }
}
