import DVBasics
import DVToken
import Foundation
import Testing
@testable import DVHTTPServer

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
        let tokenBody: [UInt8] = source.body(for: "/.well-known/acme-challenge/token", host: nil) ?? []
        let linkBody: [UInt8] = source.body(for: "/.well-known/acme-challenge/inside-link", host: nil) ?? []
        #expect(String(decoding: tokenBody, as: UTF8.self) == "token-body")
        #expect(String(decoding: linkBody, as: UTF8.self) == "inside-link-target")
        for path in ["/secret.txt", "/.well-known/acme-challenge/escape-link", "/.well-known/acme-challenge/etc-link",
                     "/.well-known/acme-challenge/outside-link", "/.well-known/acme-challenge/.hidden",
                     "/.well-known/acme-challenge/subdir", "/.well-known/acme-challenge/dir-link"] {
            let served: Bool = source.body(for: path, host: nil) != nil
            #expect(!served, "\(path)")
        }
        let running = try await RunningServer.start(source)
        #expect(try RawClient.get(running.address, "/.well-known/acme-challenge/later").status == 404)
        let later = webroot.root.appendingPathComponent(".well-known/pki-validation/later.txt")
        try "written by lego".write(to: later, atomically: true, encoding: .utf8)
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/later.txt").body == "written by lego")
        try FileManager.default.removeItem(at: later)
        #expect(try RawClient.get(running.address, "/.well-known/pki-validation/later.txt").status == 404)
        let listed: Bool = source.currentPaths().contains("/.well-known/acme-challenge/token")
        #expect(listed)
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

    /// Expands \r \n \t \\ \xHH, {C*N} and {H*N} (see the corpus header).
    static func expand(_ text: String) -> [UInt8] {
        let input: [UInt8] = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte: UInt8 = input[index]
            if byte == 0x5C && index + 1 < input.count {
                let next: UInt8 = input[index + 1]
                index += 2
                if next == 0x72 { out.append(0x0D) }
                else if next == 0x6E { out.append(0x0A) }
                else if next == 0x74 { out.append(0x09) }
                else if next == 0x78 {
                    let hex: String = String(decoding: input[index..<index + 2], as: UTF8.self)
                    out.append(UInt8(hex, radix: 16) ?? 0)
                    index += 2
                } else { out.append(next) }
                continue
            }
            if byte == 0x7B, let close = input[index...].firstIndex(of: 0x7D) {
                let spec: String = String(decoding: input[(index + 1)..<close], as: UTF8.self)
                let parts: [Substring] = spec.split(separator: "*")
                let count: Int = Int(parts[1]) ?? 0
                let first: UInt8 = parts[0].utf8.first ?? 0x41
                if first == 0x48 {
                    for field in 0..<count { out.append(contentsOf: Array("X-Fill-\(field): v\r\n".utf8)) }
                } else {
                    out.append(contentsOf: [UInt8](repeating: first, count: count))
                }
                index = close + 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    static func requests() throws -> [(String, [UInt8])] {
        let text: String = try String(contentsOfFile: corpusPath, encoding: .utf8)
        var result: [(String, [UInt8])] = []
        for line in text.split(separator: "\n") {
            let lineText: String = String(line)
            if lineText.hasPrefix("path ") {
                let target: String = String(lineText.dropFirst(5))
                let request: String = "GET " + target + " HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n"
                result.append((lineText, Array(request.utf8)))
            } else if lineText.hasPrefix("raw ") {
                result.append((lineText, expand(String(lineText.dropFirst(4)))))
            }
        }
        return result
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
            let statuses: [Int] = reply.statuses
            let refused: Bool = statuses.allSatisfy { (status: Int) -> Bool in status >= 400 }
            let text: String = reply.text
            let leaked: Bool = text.contains("SECRET-MARKER") || text.contains("root:x:0") || text.contains("X-Injected")
            #expect(refused, "\(line): \(statuses)")
            #expect(!leaked, "\(line) leaked")
        }
        // And the server is still fine.
        #expect(try RawClient.get(running.address, "/.well-known/acme-challenge/token").body == "token-body")
        _ = try await running.stop()
    }
}

/// `dvtool serve`'s options are checked before anything listens.
@Suite("serve: refused options")
struct ServeRequestTests {
    func refusal(_ edit: (inout ServeRequest) -> Void) async -> UserFailure? {
        var request = ServeRequest()
        request.listen = ["127.53.70.99:0"]
        edit(&request)
        do { _ = try await request.serve(); return nil } catch { return error }
    }

    @Test func badListenAddressTokenFormAndUserAreBadInput() async {
        let listen = await refusal { $0.listen = ["localhost"] }
        #expect(listen?.kind == .badInput && listen?.message.hasPrefix("--listen \"localhost\" is not ADDR:PORT") == true)
        let token = await refusal { $0.tokens = ["no-equals-sign"] }
        #expect(token?.kind == .badInput)
        let user = await refusal { $0.tokens = ["a=b"]; $0.user = "no-such-user-dvtool" }
        #expect(user?.kind == .badInput && user?.message.contains("no-such-user-dvtool") == true)
    }
}
