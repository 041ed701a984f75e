import Foundation
import Testing
import DVTestSupport

/// README: "all JSON has sorted keys; dates are ISO 8601 UTC". Every command's `--json` (and every JSON line of the
/// streaming ones) is read key by key as printed, against the DNS world, the TLS and HTTP servers and the
/// perspective-free `local` transport.
@Suite("every command's JSON: sorted keys, ISO 8601 dates", .serialized)
struct JSONPromiseTests {
    static let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
    static let anchor = ["--trust-anchor", CLI.packageRoot.appendingPathComponent("zones/trust-anchor.ds").path]
    static let pki = ProcessInfo.processInfo.environment["DVTOOL_PKI_DIR"] ?? "/tmp/dvtool-pki"
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-json-\(getpid())")

    init() throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// The command's output, each document (a pretty one, or one per line) checked.
    private func check(_ arguments: [String], input: String? = nil, documents: Int? = nil, environment: [String: String] = [:]) async throws {
        let result = try await TestWorld.runCLI(arguments, input: input, timeout: 120, environment: environment)
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!text.isEmpty, "\(arguments.joined(separator: " ")) printed no JSON: \(result.stderr)")
        let pieces = text.hasPrefix("{\n") || text.hasPrefix("[\n") ? [text] : text.split(separator: "\n").map(String.init)
        if let documents { #expect(pieces.count == documents, "\(arguments): \(text)") }
        for piece in pieces {
            var scanner = JSONKeyOrder(Array(piece.utf8))
            do { try scanner.check() } catch { Issue.record("\(arguments.joined(separator: " ")): \(error)\n\(piece.prefix(600))") }
            let object = try JSONSerialization.jsonObject(with: Data(piece.utf8))
            for failure in Self.dateFailures(object, path: "") { Issue.record("\(arguments.joined(separator: " ")): \(failure)") }
        }
    }

    /// Values that are dates (by their key, or by looking like one) and are not `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    static func dateFailures(_ value: Any, path: String) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, member in
                var failures = dateFailures(member, path: path + "." + key)
                let lower = key.lowercased()
                let named = lower.hasSuffix("at") && key.hasSuffix("At") || ["time", "created", "notbefore", "notafter", "expires", "date"].contains(lower)
                if named, !(member is String || member is NSNull) { failures.append("\(path).\(key) is a date but not a string: \(member)") }
                return failures
            }
        }
        if let array = value as? [Any] { return array.enumerated().flatMap { dateFailures($1, path: "\(path)[\($0)]") } }
        if let text = value as? String, text.wholeMatch(of: /\d{4}-\d{2}-\d{2}[T ].*/) != nil,
           text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/) == nil {
            return ["\(path) = \(text) is not ISO 8601 UTC"]
        }
        return []
    }

    /// The checker itself: it finds what this suite exists to catch.
    @Test func theCheckerCatchesUnsortedKeysAndSecondsForDates() throws {
        var unsorted = JSONKeyOrder(Array(#"{"a":1,"c":{"y":[{"b":1,"a":2}]}}"#.utf8))
        #expect(throws: JSONKeyOrder.Unsorted.self) { try unsorted.check() }
        var sorted = JSONKeyOrder(Array(#"{"a":"}","b":{"x":[1,{"p":"q","r":"s"}]},"c":null}"#.utf8))
        try sorted.check()
        #expect(Self.dateFailures(["validatedAt": 1796589792], path: "").count == 1)
        #expect(Self.dateFailures(["created": "2026-12-07 12:00:00 +0000"], path: "").count == 1)
        #expect(Self.dateFailures(["created": "2026-12-07T12:00:00Z", "when": ["2026-12-07T12:00:00.5Z"]], path: "").isEmpty)
    }

    @Test func dnsCommands() async throws {
        try await check(["resolve", "www.example.test", "--json"] + Self.world)
        let names = scratch.appendingPathComponent("names")
        try "www.example.test\nmissing.example.test\nbad..name\n".write(to: names, atomically: true, encoding: .utf8)
        try await check(["resolve", "--from", names.path, "--json"] + Self.world, documents: 3)
        try await check(["txt", "_acme-challenge.www.example.test", "--expect", "x", "--ca", "letsencrypt", "--json"] + Self.world)
        try await check(["caa", "caa-allow.example.test", "--ca", "letsencrypt", "--json"] + Self.world)
        try await check(["caa", "caa-allow.example.test", "caa-deny.example.test", "--ca", "letsencrypt", "--json"] + Self.world, documents: 2)
        try await check(["dnssec", "www.example.test", "--json"] + Self.world + Self.anchor)
        try await check(["dnssec", "www.example.test", "--json", "--at", "2026-12-07T12:00:00Z"] + Self.world + Self.anchor)
        try await check(["doctor", "valid.tls.example.test", "--ca", "letsencrypt", "--json", "--ca-file", "\(Self.pki)/root.crt"] + Self.world)
    }

    @Test(TestWorld.realOnly("http-check and cert probe ask the nginx HTTP and TLS servers (scripts/http-servers, scripts/tls-servers)")) func webAndCertificateCommands() async throws {
        try await check(["http-check", "http-ok.example.test", "--path", "/.well-known/acme-challenge/ok-token", "--expect", "ok-token.thumbprint",
                   "--json", "--resolver", "127.53.53.53", "--connect-reserved"])
        try await check(["cert", "probe", "127.53.80.1:443", "--servername", "valid.tls.example.test", "--ca-file", "\(Self.pki)/root.crt", "--json"])
        try await check(["cert", "check", "--cert", "\(Self.pki)/valid.fullchain.pem", "--key", "\(Self.pki)/valid.key", "--ca-file", "\(Self.pki)/root.crt", "--json"])
    }

    @Test func tokenIDNExplainAndFlush() async throws {
        let store = scratch.appendingPathComponent("tokens.json").path
        try await check(["token", "random", "example.test", "--json"])
        try await check(["token", "random", "example.test", "--save", "--store", store, "--json"])
        try await check(["token", "list", "--store", store, "--json"])
        try await check(["idn", "--json", "bücher.example"])
        try await check(["idn", "--json", "--from", "-"], input: "例子.中国\na..b\n", documents: 2)
        try await check(["explain", "--json", "Incorrect TXT record \"old\" found at _acme-challenge.example.com"])
        try await check(["flush-dns", "--os", "macos", "--os-version", "14.5", "--json"])
    }

    @Test func perspectives() async throws {
        let file = scratch.appendingPathComponent("perspectives.conf")
        try "primary p0 ARIN local\np1 ARIN local\np2 RIPE local\np3 APNIC local\n".write(to: file, atomically: true, encoding: .utf8)
        try await check(["mpic", "dcv", "www.example.test", "--method", "dns-change", "--value", "x", "--perspectives", file.path, "--json"] + Self.world)
        // The agent speaks Open MPIC, whose timestamp_ns is that protocol's integer nanoseconds (not a dvtool date).
        let request = #"{"domain_or_ip_target":"www.example.test","check_type":"caa","caa_check_parameters":{"certificate_type":"tls-server","caa_domains":["letsencrypt.org"]}}"#
        try await check(["agent", "--stdio", "--code", "p1"] + Self.world, input: request + "\n", documents: 1)
    }

    @Test func serveLines() async throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--listen", "127.53.70.1:8095", "--token", "json-token=json-token.thumb", "--until-fetched", "1", "--json"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        try await Task.sleep(for: .milliseconds(300))
        let answer = try Self.get("/.well-known/acme-challenge/json-token", from: "127.53.70.1", port: 8095)
        #expect(answer.hasSuffix("json-token.thumb"), "\(answer)")
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "--until-fetched 1 ends it")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let lines = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(lines.contains { $0.contains(#""event":"request""#) }, "\(lines)")
        #expect(lines.count >= 4)
        for line in lines {
            var scanner = JSONKeyOrder(Array(line.utf8))
            do { try scanner.check() } catch { Issue.record("serve --json: \(error)\n\(line)") }
            for failure in Self.dateFailures(try JSONSerialization.jsonObject(with: Data(line.utf8)), path: "") { Issue.record("serve: \(failure)") }
        }
    }
}

extension JSONPromiseTests {
    /// One plain HTTP/1.1 GET (Connection: close); the whole answer.
    static func get(_ path: String, from ip: String, port: UInt16) throws -> String {
        guard let fd = connectTCP(ip, port: port, receiveTimeout: 5) else {
            throw JSONKeyOrder.Unsorted(description: "cannot connect to \(ip):\(port)")
        }
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(ip)\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += chunk[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}

/// Walks JSON text and checks that every object's keys ascend (byte order, as JSONEncoder's .sortedKeys).
struct JSONKeyOrder {
    struct Unsorted: Error, CustomStringConvertible { let description: String }
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func check() throws {
        skipSpace()
        try value()
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws {
        skipSpace()
        guard index < bytes.count else { throw Unsorted(description: "truncated") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                try value()
                skipSpace()
                let separator = bytes[index]
                index += 1
                if separator == UInt8(ascii: "]") { return }
            }
        case UInt8(ascii: "\""): _ = try string()
        default:
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A].contains(bytes[index]) { index += 1 }
        }
    }

    private mutating func object() throws {
        index += 1
        var previous: [UInt8]?
        skipSpace()
        if bytes[index] == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipSpace()
            let key = try string()
            if let previous, !previous.lexicographicallyPrecedes(key) {
                throw Unsorted(description: "key \"\(String(decoding: key, as: UTF8.self))\" after \"\(String(decoding: previous, as: UTF8.self))\"")
            }
            previous = key
            skipSpace()
            index += 1  // :
            try value()
            skipSpace()
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "}") { return }
        }
    }

    /// The raw bytes between the quotes (escapes kept: dvtool's keys have none).
    private mutating func string() throws -> [UInt8] {
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count else { throw Unsorted(description: "unterminated string") }
        defer { index += 1 }
        return Array(bytes[start..<index])
    }
}
