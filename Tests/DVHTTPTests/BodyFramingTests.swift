import Foundation
import Testing
@testable import DVHTTPCheck

/// A body cut short of its Content-Length is an unexpected EOF to Go's client, and Boulder fails the validation
/// on it: the check must not read the bytes it got as the answer.
@Suite struct BodyFramingTests {
    /// A server (python3, on a port the kernel picks) that answers one request with `response` and closes.
    func answerOnce(_ response: String) throws -> (port: UInt16, process: Process) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
            print(s.getsockname()[1], flush=True)
            c, _ = s.accept(); c.recv(4096); c.sendall(sys.argv[1].encode()); c.close()
            """, response]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(UInt16(line.trimmingCharacters(in: .whitespacesAndNewlines)), "the server printed \(line)")
        return (port, process)
    }

    func fetch(_ response: String) throws -> Result<HTTPResponseSummary, FetchFailure> {
        let (port, process) = try answerOnce(response)
        defer { process.terminate(); process.waitUntilExit() }
        let stream = try PlainSocketStream(ip: "127.0.0.1", port: port, connectTimeout: .seconds(2), deadline: .now + .seconds(5))
        defer { stream.close() }
        let request = HTTPExchange.request(host: "example.test", port: 80, defaultPort: 80, target: "/", userAgent: "test")
        do throws(FetchFailure) { return .success(try HTTPExchange.perform(stream, request: request, bodyLimit: 128)) } catch { return .failure(error) }
    }

    @Test func aBodyShorterThanItsContentLengthFails() throws {
        guard case let .failure(failure) = try fetch("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\ntoken") else {
            Issue.record("a short body was read as the answer"); return
        }
        #expect(failure.kind == .protocolError)
        #expect(failure.message.contains("closed after 5 of the 50 body bytes"), "\(failure.message)")
        let whole = try fetch("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ntoken")
        #expect((try? whole.get().body) == Array("token".utf8))
    }
}
