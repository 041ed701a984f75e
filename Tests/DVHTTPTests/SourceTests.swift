import DVToken
import Foundation
import Testing
@testable import DVHTTP

/// A scratch webroot laid out like certbot's, with traps around it.
struct Webroot {
    let root: URL
    let outside: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("dvhttp-\(UUID().uuidString)")
        root = base.appendingPathComponent("www")
        outside = base.appendingPathComponent("outside-secret.txt")
        let fm = FileManager.default
        let challenge = root.appendingPathComponent(".well-known/acme-challenge")
        try fm.createDirectory(at: challenge, withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent(".well-known/pki-validation"), withIntermediateDirectories: true)
        try fm.createDirectory(at: challenge.appendingPathComponent("subdir"), withIntermediateDirectories: true)
        try "SECRET-MARKER-webroot".write(to: root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try "SECRET-MARKER-outside".write(to: outside, atomically: true, encoding: .utf8)
        try "token-body".write(to: challenge.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        try "SECRET-MARKER-hidden".write(to: challenge.appendingPathComponent(".hidden"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: challenge.appendingPathComponent("escape-link").path, withDestinationPath: "../../secret.txt")
        try fm.createSymbolicLink(atPath: challenge.appendingPathComponent("etc-link").path, withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: challenge.appendingPathComponent("dir-link").path, withDestinationPath: "../..")
        try fm.createSymbolicLink(atPath: challenge.appendingPathComponent("outside-link").path, withDestinationPath: outside.path)
        try "inside-link-target".write(to: challenge.appendingPathComponent("real"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: challenge.appendingPathComponent("inside-link").path, withDestinationPath: "real")
    }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
}

@Suite(.serialized) struct SourceTests {
    @Test func webrootServesOnlyChallengeFilesAndSeesChanges() async throws {
        let webroot = try Webroot()
        defer { webroot.remove() }
        let source = try WebrootSource(root: webroot.root.path)
        #expect(source.body(for: "/.well-known/acme-challenge/token", host: nil) == Array("token-body".utf8))
        #expect(source.body(for: "/.well-known/acme-challenge/inside-link", host: nil) == Array("inside-link-target".utf8))
        for path in ["/secret.txt", "/.well-known/acme-challenge/escape-link", "/.well-known/acme-challenge/etc-link",
                     "/.well-known/acme-challenge/outside-link", "/.well-known/acme-challenge/.hidden",
                     "/.well-known/acme-challenge/subdir", "/.well-known/acme-challenge/dir-link"] {
            #expect(source.body(for: path, host: nil) == nil, "\(path)")
        }
        let running = try await RunningServer.start(source)
        #expect(try RawClient.get(running.address, "/.well-known/acme-challenge/later").status == 404)
        let later = webroot.root.appendingPathComponent(".well-known/pki-validation/later.txt")
        try "written by lego".write(to: later, atomically: true, encoding: .utf8)
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/later.txt").body == "written by lego")
        try FileManager.default.removeItem(at: later)
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/later.txt").status == 404)
        #expect(source.currentPaths().contains("/.well-known/acme-challenge/token"))
        let paths: [String] = source.currentPaths()
        let escaping: [String] = paths.filter { $0.contains("link") && !$0.hasSuffix("inside-link") }
        #expect(escaping.isEmpty)
        _ = try await running.stop()
    }

    @Test func tokenStoreIsReloadedWhenItChanges() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvhttp-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tokens.json").path
        let source = try TokenStoreSource(path: path)
        #expect(source.currentPaths().isEmpty)
        let running = try await RunningServer.start(source)
        let first = StoredToken(domain: "shop.example.test", method: .httpFile, ca: "digicert", value: "v1",
                                path: "/.well-known/pki-validation/fileauth.txt", body: "v1-body", created: Date())
        try TokenStore(tokens: [first]).save(path: path)
        try await Task.sleep(for: .milliseconds(250))
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt", host: "shop.example.test").body == "v1-body")
        // Another name's Host does not get this name's file; an IP-literal Host (curl to an address) does.
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt", host: "other.example.test").status == 404)
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt", host: "127.53.70.2").status == 200)
        var second = first
        second.body = "v2-body"
        second.created = Date().addingTimeInterval(1)
        try TokenStore(tokens: [second]).save(path: path)
        try await Task.sleep(for: .milliseconds(250))
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/fileauth.txt", host: "shop.example.test").body == "v2-body")
        _ = try await running.stop()
    }
}

/// Every request of Benchmarks/http/attack-corpus.txt is refused and nothing outside the served set leaks.
@Suite(.serialized) struct AttackCorpusTests {
    static let corpusPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/http/attack-corpus.txt").path

    static func expand(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while let byte = chars.popFirst() {
            if byte == UInt8(ascii: "\\"), let next = chars.popFirst() {
                switch next {
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "x"):
                    let hex = String(decoding: chars.prefix(2), as: UTF8.self)
                    chars = chars.dropFirst(2)
                    out.append(UInt8(hex, radix: 16)!)
                default: out.append(next)
                }
            } else if byte == UInt8(ascii: "{"), let close = chars.firstIndex(of: UInt8(ascii: "}")) {
                let spec = String(decoding: chars[..<close], as: UTF8.self)
                chars = chars[chars.index(after: close)...]
                let parts = spec.split(separator: "*")
                let count = Int(parts[1])!
                if parts[0] == "H" {
                    for index in 0..<count { out += Array("X-Fill-\(index): v\r\n".utf8) }
                } else {
                    out += [UInt8](repeating: Array(parts[0].utf8)[0], count: count)
                }
            } else {
                out.append(byte)
            }
        }
        return out
    }

    static func requests() throws -> [(String, [UInt8])] {
        let text = try String(contentsOfFile: corpusPath, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("path ") {
                let target = String(line.dropFirst(5))
                return (String(line), Array("GET \(target) HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n".utf8))
            }
            if line.hasPrefix("raw ") { return (String(line), expand(String(line.dropFirst(4)))) }
            return nil
        }
    }

    @Test func everyRequestIsRefused() async throws {
        let requests = try Self.requests()
        #expect(requests.count >= 50)
        let webroot = try Webroot()
        defer { webroot.remove() }
        let running = try await RunningServer.start(try WebrootSource(root: webroot.root.path)) {
            $0.limits.headerTimeout = .seconds(1)
        }
        for (line, bytes) in requests {
            let reply = try RawClient.exchange(running.address, bytes, timeout: .seconds(3))
            #expect(reply.statuses.allSatisfy { $0 >= 400 }, "\(line) → \(reply.text.prefix(40))")
            #expect(!reply.text.contains("SECRET-MARKER"))
            #expect(!reply.text.contains("root:x:0"), "\(line) leaked")
            #expect(!reply.text.contains("X-Injected"), "\(line)")
        }
        // And the server is still fine.
        #expect(try RawClient.get(running.address, "/.well-known/acme-challenge/token").body == "token-body")
        _ = try await running.stop()
    }
}
