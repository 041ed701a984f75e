import DVTestSupport
import Foundation
import Testing
@testable import DVHTTPCheck

/// `dvtool serve` as a process, stopped by the test when it is still running.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String]) throws {
        process.executableURL = CLI.binary
        process.arguments = ["serve"] + arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock(); self.collected.append(data); self.lock.unlock()
        }
        try process.run()
    }

    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: collected, as: UTF8.self) }

    /// Waits until the log says it is listening (or the process ended).
    func waitUntilListening(timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !stderr.contains("listening") {
            if !process.isRunning { throw TestFailure("dvtool serve exited \(process.terminationStatus): \(stderr)") }
            if ContinuousClock.now > deadline { throw TestFailure("dvtool serve did not start: \(stderr)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The exit status, waiting at most `timeout`; nil when it is still running.
    func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

/// `dvtool serve` on 127.53.70.1:80 (http-serve.example.test) checked by `dvtool http-check` through the DNS world.
@Suite(.serialized) struct ServeCLITests {
    @Test func httpCheckFetchesFromServeAndServeStopsWhenFetched() async throws {
        let token = "cli-token_\(Int.random(in: 1000...9999))"
        let serve = try ServeProcess(["--listen", "127.53.70.1:80", "--token", "\(token)=\(token).thumb", "--until-fetched", "1", "--json"])
        defer { serve.stop() }
        try await serve.waitUntilListening()
        let (status, report) = try await HTTPWorld.check("http-serve.example.test", ["--path", token, "--expect", "\(token).thumb"])
        #expect(status == 0)
        #expect(report.status == .ok)
        #expect(report.addresses.map(\.address) == ["127.53.70.1"])
        #expect(report.addresses.first?.hops.first?.status == 200)
        #expect(try await serve.waitForExit(timeout: .seconds(10)) == 0)
        let lines = serve.stderr.split(separator: "\n")
        let request = try #require(lines.first { $0.contains("\"event\":\"request\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(request.utf8)) as? [String: Any])
        let logged = object["status"] as? Int
        let host = object["host"] as? String
        let agent = object["userAgent"] as? String ?? ""
        #expect(logged == 200)
        #expect(host == "http-serve.example.test")
        #expect(agent.contains("Let's Encrypt validation server"))
    }

    @Test func wrongContentFromServeFails() async throws {
        let serve = try ServeProcess(["--listen", "127.53.70.1:80", "--token", "abc=other", "--host", "http-serve.example.test"])
        defer { serve.stop() }
        try await serve.waitUntilListening()
        let (status, report) = try await HTTPWorld.check("http-serve.example.test", ["--path", "abc", "--expect", "abc.thumb"])
        #expect(status == 1)
        #expect(report.addresses.first?.verdict == .wrongContent)
    }

    /// docs/serve.md's port-80 recipe: bound as root, then every thread is `nobody`, and it still answers.
    @Test(TestWorld.realOnly("Switching to nobody needs real root (a user namespace maps no other user)")) func userSwitchDropsEveryThreadAndStillServes() async throws {
        try #require(getuid() == 0, "this test checks `serve --user` and must run as root (as CI does)")
        let nobody = try #require(getpwnam("nobody")).pointee
        let webroot = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-user-\(getpid())")
        let challenges = webroot.appendingPathComponent(".well-known/acme-challenge")
        try FileManager.default.createDirectory(at: challenges, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: webroot) }
        for directory in [webroot, webroot.appendingPathComponent(".well-known"), challenges] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        try Data("open.thumb".utf8).write(to: challenges.appendingPathComponent("open"))
        try Data("secret.thumb".utf8).write(to: challenges.appendingPathComponent("secret"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: challenges.appendingPathComponent("open").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: challenges.appendingPathComponent("secret").path)
        let serve = try ServeProcess(["--listen", "127.53.70.1:80", "--token", "tok=tok.thumb", "--webroot", webroot.path,
                                      "--user", "nobody"])
        defer { serve.stop() }
        try await serve.waitUntilListening()
        #expect(serve.stderr.contains("running as nobody"))

        let taskDirectory = "/proc/\(serve.process.processIdentifier)/task"
        let tasks = try FileManager.default.contentsOfDirectory(atPath: taskDirectory)
        #expect(tasks.count > 1)
        for task in tasks {
            let status = try String(contentsOfFile: "\(taskDirectory)/\(task)/status", encoding: .utf8)
            let lines = status.split(separator: "\n").filter { $0.hasPrefix("Uid:") || $0.hasPrefix("Gid:") }
            #expect(lines == ["Uid:\t\(nobody.pw_uid)\t\(nobody.pw_uid)\t\(nobody.pw_uid)\t\(nobody.pw_uid)",
                              "Gid:\t\(nobody.pw_gid)\t\(nobody.pw_gid)\t\(nobody.pw_gid)\t\(nobody.pw_gid)"], "thread \(task)")
        }

        let (status, report) = try await HTTPWorld.check("http-serve.example.test", ["--path", "tok", "--expect", "tok.thumb"])
        #expect(status == 0, "\(serve.stderr)")
        #expect(report.addresses.first?.hops.first?.status == 200)
        let (_, open) = try await HTTPWorld.check("http-serve.example.test", ["--path", "open", "--expect", "open.thumb"])
        #expect(open.addresses.first?.hops.first?.status == 200)
        // Readable by root only: the dropped process cannot open it, so it is not there for the CA.
        let (_, secret) = try await HTTPWorld.check("http-serve.example.test", ["--path", "secret", "--expect", "secret.thumb"])
        #expect(secret.addresses.first?.hops.first?.status == 404)
    }

    /// A token store only root can read would serve nothing once re-read as the new user: refused at start.
    @Test(TestWorld.realOnly("Switching to nobody needs real root (a user namespace maps no other user)")) func userSwitchRefusesAStoreTheUserCannotRead() throws {
        try #require(getuid() == 0, "this test checks `serve --user` and must run as root (as CI does)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-root-only-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("tokens.json").path
        let result = try CLI.run(["serve", "--listen", "127.53.70.1:8096", "--token", "a=b", "--store-path", store, "--user", "nobody"], timeout: 20)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("dvtool: error: --user nobody cannot read the token store \(store)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func startupErrorsAreExplained() async throws {
        let nothing = try CLI.run(["serve", "--listen", "127.53.70.1:8089"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("nothing to serve"))
        let first = try ServeProcess(["--listen", "127.53.70.1:8089", "--token", "a=b"])
        defer { first.stop() }
        try await first.waitUntilListening()
        let second = try CLI.run(["serve", "--listen", "127.53.70.1:8089", "--token", "a=b"], timeout: 20)
        #expect(second.status == 3)
        #expect(second.stderr.contains("127.53.70.1:8089 is already in use"))
        let badListen = try CLI.run(["serve", "--listen", "localhost:80", "--token", "a=b"])
        #expect(badListen.status == 2)
        let badToken = try CLI.run(["serve", "--listen", "127.53.70.1:8090", "--token", "../etc=b"])
        #expect(badToken.status == 2)
        let badUser = try CLI.run(["serve", "--listen", "127.53.70.1:8090", "--token", "a=b", "--user", "no-such-user-dvtool"])
        #expect(badUser.status == 2)
        // SIGTERM: graceful, exit 0.
        first.process.terminate()
        #expect(try await first.waitForExit(timeout: .seconds(10)) == 0)
    }
}

/// `dvtool http-check` against the nginx case servers (`scripts/http-servers up`): real tier only.
@Suite(.serialized, TestWorld.realOnly("the nginx HTTP servers of scripts/http-servers")) struct HTTPCheckWorldTests {
    static let path = "/.well-known/acme-challenge/ok-token"
    static let token = "ok-token.thumbprint"

    func check(_ name: String, path: String = path, expect: String? = token, _ extra: [String] = []) async throws -> (Int32, HTTPCheckReport) {
        try HTTPWorld.requireServers()
        var arguments = ["--path", path] + extra
        if let expect { arguments += ["--expect", expect] }
        return try await HTTPWorld.check("\(name).example.test", arguments)
    }

    @Test func okServer() async throws {
        let (status, report) = try await check("http-ok")
        #expect(status == 0)
        #expect(report.status == .ok)
        #expect(report.letsEncrypt?.passed == true)
        let baseline = try await check("http-ok", ["--profile", "baseline"])
        #expect(baseline.0 == 0)
    }

    /// A server that answers, but not what a CA accepts: the verdict and the words that say why.
    @Test(arguments: [("http-wrong", CheckVerdict.wrongContent, "wrong-value"), ("http-port", .badRedirect, "port 8080"),
                      ("http-303", .badRedirect, "303")])
    func refusedAnswer(server: String, verdict: CheckVerdict, words: String) async throws {
        let (status, report) = try await check(server)
        #expect(status == 1)
        #expect(report.addresses.first?.verdict == verdict)
        #expect(report.addresses.first?.message.contains(words) == true)
    }

    @Test func notFound() async throws {
        let (status, report) = try await check("http-404")
        #expect(status == 1)
        #expect(report.addresses.first?.verdict == .badStatus)
        #expect(report.addresses.first?.hops.first?.status == 404)
    }

    @Test func redirectToHTTPSOn443() async throws {
        let (status, report) = try await check("http-tls")
        #expect(status == 0)
        let hops: [Hop] = report.addresses.first?.hops ?? []
        #expect(hops.count == 2)
        #expect(hops.first?.verdict == .redirect)
        #expect(hops.last?.port == 443)
        #expect(hops.last?.tls != nil)
        #expect(hops.last?.verdict == .ok)
    }

    @Test func redirectLoop() async throws {
        let (status, report) = try await check("http-loop")
        #expect(status == 1)
        #expect(report.addresses.first?.verdict == .tooManyRedirects)
        #expect(report.addresses.first?.hops.count == 11)
    }

    @Test func tenRedirectsPassElevenFail() async throws {
        let ten = try await check("http-chain", path: "/c/1", expect: "chain-token")
        #expect(ten.0 == 0)
        #expect(ten.1.addresses.first?.hops.count == 11)
        let eleven = try await check("http-chain", path: "/c/0", expect: "chain-token")
        #expect(eleven.0 == 1)
        #expect(eleven.1.addresses.first?.verdict == .tooManyRedirects)
    }

    @Test func bodyTooLarge() async throws {
        let (status, report) = try await check("http-big", expect: nil)
        #expect(status == 1)
        #expect(report.addresses.first?.verdict == .bodyTooLarge)
    }

    /// A redirect to another host is fetched from that host's first AAAA, as Boulder dials it, with no fallback to
    /// its A inside the redirect: http-ok (IPv4 only) → http-v6broken (AAAA ::1 refused, A works) fails.
    @Test func aRedirectTargetIsFetchedFromItsFirstAAAAWithoutFallback() async throws {
        let (status, report) = try await check("http-ok", path: "/.well-known/acme-challenge/to-v6broken", expect: "ok-token.thumbprint")
        #expect(status == 1)
        let only = try #require(report.addresses.first)
        #expect(only.verdict == .connectionFailed)
        #expect(only.hops.map(\.address) == ["127.53.70.10", "::1"])
        #expect(only.message.contains("does not fall back to its IPv4 address 127.53.70.10"), "\(only.message)")
    }

    @Test func brokenIPv6WithWorkingIPv4() async throws {
        let (status, report) = try await check("http-v6broken")
        #expect(status == 1)
        let v6 = try #require(report.addresses.first { $0.family == "IPv6" })
        let v4 = try #require(report.addresses.first { $0.family == "IPv4" })
        #expect(v6.address == "::1")
        #expect(v6.verdict == .connectionFailed)
        #expect(v4.verdict == .ok)
        #expect(report.letsEncrypt?.fellBack == true)
        #expect(report.letsEncrypt?.passed == true)
        #expect(report.notes.contains { $0.hasPrefix("IPv6 first") })
    }

    @Test func missingNameAndBadInput() async throws {
        try HTTPWorld.requireServers()
        let (status, report) = try await HTTPWorld.check("no-such-name-dvtool.example.test", ["--path", "x"])
        #expect(status == 1)
        #expect(report.addresses.isEmpty)
        let bad = try CLI.run(["http-check", "bad..name", "--path", "x", "--resolver", HTTPWorld.resolver])
        #expect(bad.status == 2)
        let scheme = try CLI.run(["http-check", "http://example.test/", "--path", "x", "--resolver", HTTPWorld.resolver])
        #expect(scheme.status == 2)
    }
}

/// The world's web addresses are loopback (127.53.x.x), reserved: asked as a public CA would, http-check fetches
/// nothing from them; a lab's CA (`--connect-reserved`, or own `--root-hints`) reaches them.
@Suite struct ReservedAddressCLITests {
    func check(_ flags: [String]) async throws -> (status: Int32, report: HTTPCheckReport) {
        let result = try await TestWorld.runCLI(["http-check", "http-serve.example.test", "--path", "x", "--http-timeout", "2",
                                                 "--resolver", HTTPWorld.resolver, "--json"] + flags, timeout: 60)
        let report = try JSONDecoder().decode(HTTPCheckReport.self, from: Data(result.stdout.utf8))
        return (result.status, report)
    }

    @Test func aPublicCAsViewFetchesNothingFromLoopback() async throws {
        try await TestWorld.prepare()
        let (status, report) = try await check([])
        #expect(status == 1)
        #expect(report.addresses.isEmpty)
        #expect(report.resolution.reserved == [ReservedAddress(address: "127.53.70.1", block: "127.0.0.0/8", reason: "Loopback, RFC 1122")])
        for flags in [["--connect-reserved"], ["--root-hints", CLI.packageRoot.appendingPathComponent("zones/root.hints").path]] {
            let lab = try await check(flags)
            #expect(lab.report.resolution.reserved == nil, "\(flags)")
            #expect(lab.report.addresses.map(\.address) == ["127.53.70.1"], "\(flags): the address is tried")
        }
    }
}
