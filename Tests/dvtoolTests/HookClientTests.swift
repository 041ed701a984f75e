import Foundation
import Testing
import DVTestSupport

/// `dvtool hook` inside real ACME clients (Debian's certbot, lego, dehydrated) against a real CA (Pebble,
/// `scripts/acme-world`), publishing on the DNS world with `scripts/world-dns-provider`; acme.sh's wrapper is
/// sourced and called the way acme.sh calls it. Pebble's log shows whether the CA was asked to validate.
@Suite("dvtool hook with real ACME clients and a real CA", .serialized, TestWorld.realOnly("Pebble (scripts/acme-world) and the real certbot, lego and dehydrated"))
struct HookClientTests {
    static let root = CLI.packageRoot.path
    static let provider = root + "/scripts/world-dns-provider"
    static let pebbleLog = (ProcessInfo.processInfo.environment["DVTOOL_TESTNET_DIR"] ?? "/tmp/dvtool-testnet") + "/pebble/pebble.log"
    static let server = "https://127.53.60.1:14000/dir"

    let scratch: URL
    let environment: [String: String]

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-hook-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        environment = ["DVTOOL_ROOT_HINTS": CLI.rootHints, "DVTOOL_RESOLVER": "127.53.53.53",
                       "DVTOOL_TRUST_ANCHOR": Self.root + "/zones/trust-anchor.ds", "DVTOOL_STATE_DIR": scratch.path + "/state",
                       "DVTOOL_WAIT_TIMEOUT": "40s", "NO_COLOR": "1"]
        let status = try Self.shell([Self.root + "/scripts/acme-world", "status"], environment: [:])
        try #require(status.status == 0, "Pebble is down: run `scripts/acme-world up` (\(status.output))")
    }

    /// A name of its own per test under example.test (unsigned, so DNSSEC is provably insecure, which CAs accept).
    private func freshName(_ prefix: String) -> String { "\(prefix)\(UInt32.random(in: 0 ... .max)).example.test" }

    private func validations(of name: String) throws -> Int {
        try String(contentsOfFile: Self.pebbleLog, encoding: .utf8).components(separatedBy: "\n").filter { $0.contains("\"\(name)\"") }.count
    }

    private func link(_ name: String) throws -> String {
        let path = scratch.appendingPathComponent(name).path
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: CLI.binary.path)
        }
        return path
    }

    private func certbot(_ domains: [String], extra: [String: String] = [:], hookOptions: String = "") throws -> (status: Int32, output: String) {
        let hook = "\(CLI.binary.path) hook certbot --run \(Self.provider) --interval 1s \(hookOptions)"
        return try Self.shell([Self.root + "/scripts/acme-world", "run", "certbot", "certonly", "--manual", "--preferred-challenges", "dns",
                               "--manual-auth-hook", hook, "--manual-cleanup-hook", hook + " --cleanup", "--server", Self.server,
                               "--config-dir", scratch.path + "/c", "--work-dir", scratch.path + "/w", "--logs-dir", scratch.path + "/l",
                               "--register-unsafely-without-email", "--agree-tos", "--non-interactive"] + domains.flatMap { ["-d", $0] },
                              environment: environment.merging(extra) { $1 })
    }

    private func lego(_ domain: String, extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try Self.shell([Self.root + "/scripts/acme-world", "run", "lego", "--server", Self.server, "--accept-tos", "--email", "t@example.test",
                        "--path", scratch.path + "/lego", "--domains", domain, "--dns", "exec", "--dns.disable-cp",
                        "--dns.resolvers", "127.53.53.53:53", "run"],
                       environment: environment.merging(["EXEC_PATH": try link("dvtool-lego"), "DVTOOL_HOOK_RUN": Self.provider,
                                                         "EXEC_PROPAGATION_TIMEOUT": "90", "EXEC_POLLING_INTERVAL": "1"].merging(extra) { $1 }) { $1 })
    }

    @Test func certbotIssuesWhenEveryServerHasTheValues() throws {
        let name = freshName("cb")
        let run = try certbot([name, "*." + name])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("dvtool gate: ok"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/c/live/\(name)/fullchain.pem"))
    }

    @Test func certbotIsStoppedBeforeTheCAWhenOneServerLacksTheRecord() throws {
        let name = freshName("cs")
        let run = try certbot([name], extra: ["WORLD_PROVIDER_SERVERS": "auth1", "DVTOOL_WAIT_TIMEOUT": "3s"], hookOptions: "--stop-certbot")
        #expect(run.status != 0)
        #expect(run.output.contains("dvtool gate: NOT READY"), "the verdict reaches certbot's own stderr: \(run.output)")
        #expect(run.output.contains("ns2.example.test."), "the lagging server is named")
        #expect(try validations(of: name) == 0, "Pebble was never asked to validate \(name)")
    }

    @Test func legoIssuesOrAbortsBeforeTheCA() throws {
        let good = freshName("lg")
        let issued = try lego(good)
        #expect(issued.status == 0, "\(issued.output)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/lego/certificates/\(good).crt"))
        let bad = freshName("lf")
        let aborted = try lego(bad, extra: ["WORLD_PROVIDER_SERVERS": "auth1", "DVTOOL_WAIT_TIMEOUT": "3s"])
        #expect(aborted.status != 0)
        #expect(aborted.output.contains("DNS problem: NXDOMAIN looking up TXT for _acme-challenge.\(bad)"), "\(aborted.output)")
        #expect(try validations(of: bad) == 0)
    }

    @Test func legoWaitsForAResolverCachingAnOldValue() throws {
        let name = freshName("lc")
        let owner = "_acme-challenge." + name.replacingOccurrences(of: ".example.test", with: "")
        // An old value with a 4 s TTL, in the resolver's cache, then removed from the servers.
        for server in ["auth1", "auth2"] { try testnet("add-record", "--ttl", "4", server, "example.test", owner, "TXT", "\"old-value\"") }
        _ = try Self.shell(["/usr/bin/dig", "+short", "@127.53.53.53", "_acme-challenge." + name, "TXT"], environment: [:])
        for server in ["auth1", "auth2"] { try testnet("delete-record", server, "example.test", owner, "TXT") }
        let started = Date()
        let run = try lego(name, extra: ["WORLD_PROVIDER_TTL": "4"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("resolver(s) stale"), "the gate waited for the resolver: \(run.output)")
        #expect(Date().timeIntervalSince(started) >= 1)
    }

    @Test func dehydratedGatesAllNamesOfTheChainAtOnce() throws {
        let name = freshName("dh")
        let config = scratch.appendingPathComponent("dehydrated.cfg")
        try """
        CA="\(Self.server)"
        CHALLENGETYPE="dns-01"
        HOOK="\(try link("dvtool-dehydrated"))"
        HOOK_CHAIN="yes"
        BASEDIR="\(scratch.path)/dehydrated"
        CURL_OPTS="--cacert \((ProcessInfo.processInfo.environment["DVTOOL_TESTNET_DIR"] ?? "/tmp/dvtool-testnet"))/pebble/cert.pem"
        """.write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: scratch.path + "/dehydrated", withIntermediateDirectories: true)
        let dehydrated = [Self.root + "/scripts/acme-world", "run", "dehydrated", "--config", config.path]
        let register = try Self.shell(dehydrated + ["--register", "--accept-terms"], environment: environment)
        #expect(register.status == 0, "\(register.output)")
        let run = try Self.shell(dehydrated + ["-c", "-d", name, "-d", "*." + name],
                                 environment: environment.merging(["DVTOOL_HOOK_RUN": Self.provider]) { $1 })
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.components(separatedBy: "dvtool gate: ok").count == 2, "one gate for both names: \(run.output)")
    }

    @Test func acmeShWrapperGatesEachAddAndFailsTheAdd() throws {
        let name = freshName("as")
        let script = """
            . \(Self.root)/scripts/hooks/dns_dvtool.sh
            dns_dvtool_add _acme-challenge.\(name) first || exit 11
            dns_dvtool_add _acme-challenge.\(name) second || exit 12
            WORLD_PROVIDER_SERVERS=auth1 dns_dvtool_add _acme-challenge.x\(name) lonely && exit 13
            exit 0
            """
        let started = Date()
        let run = try Self.shell(["/bin/sh", "-c", script], environment: environment.merging(
            ["DVTOOL_UPSTREAM": "dns_world", "DVTOOL_UPSTREAM_FILE": Self.root + "/scripts/hooks/dns_world.sh",
             "DVTOOL_WORLD_PROVIDER": Self.provider, "DVTOOL": CLI.binary.path, "DVTOOL_WAIT_TIMEOUT": "3s"]) { $1 })
        #expect(run.status == 0, "\(run.output)")
        #expect(Date().timeIntervalSince(started) < 30, "the second add is not held back by the first add's own resolver query")
        #expect(run.output.contains("note: resolvers still cache the earlier value"), "\(run.output)")
    }

    @Test func certbotHTTP01ServedByDvtoolOrStoppedOnAWrongWebroot() throws {
        // dvtool serve on the address hook-http.example.test points at, serving the token store the hook writes.
        let store = scratch.path + "/tokens.json"
        let server = Process()
        server.executableURL = CLI.binary
        server.arguments = ["serve", "--listen", "127.53.81.1:80", "--store-path", store]
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        Thread.sleep(forTimeInterval: 0.5)
        let name = "hook-http.example.test"
        func run(_ hookOptions: String) throws -> (status: Int32, output: String) {
            let hook = "\(CLI.binary.path) hook certbot --stop-certbot \(hookOptions)"
            return try Self.shell([Self.root + "/scripts/acme-world", "run", "certbot", "certonly", "--manual", "--preferred-challenges", "http",
                                   "--manual-auth-hook", hook, "--manual-cleanup-hook", hook + " --cleanup", "--server", Self.server,
                                   "--config-dir", scratch.path + "/c", "--work-dir", scratch.path + "/w", "--logs-dir", scratch.path + "/l",
                                   "--register-unsafely-without-email", "--agree-tos", "--non-interactive", "--force-renewal", "-d", name],
                                  environment: environment.merging(["DVTOOL_TOKEN_STORE": store]) { $1 })
        }
        let served = try run("")
        #expect(served.status == 0, "\(served.output)")
        #expect(served.output.contains("dvtool gate: ok"), "\(served.output)")
        let before = try validations(of: name)
        let wrong = try run("--webroot \(scratch.path)/not-served")
        #expect(wrong.status != 0)
        #expect(wrong.output.contains("NOT READY"), "\(wrong.output)")
        #expect(try validations(of: name) == before, "Pebble was not asked again")
    }

    @Test func badInputAndAFailingProviderAreReportedAsSuch() throws {
        let missing = try CLI.run(["hook", "certbot", "--run", "true"])
        #expect(missing.status == 2 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let env = ["CERTBOT_DOMAIN": "x.example.test", "CERTBOT_VALIDATION": "v", "CERTBOT_ALL_DOMAINS": "x.example.test",
                   "CERTBOT_REMAINING_CHALLENGES": "0"].merging(environment) { $1 }
        let noProvider = try CLI.run(["hook", "lego", "present", "_acme-challenge.x.example.test.", "v"], environment: environment)
        #expect(noProvider.status == 2 && noProvider.stderr.contains("--run"), "\(noProvider.stderr)")
        let failing = try CLI.run(["hook", "certbot", "--run", "echo provider-said-no >&2; exit 7"], environment: env)
        #expect(failing.status == 7)
        #expect(failing.stderr.contains("provider-said-no") && !failing.stderr.contains("dvtool gate"), "\(failing.stderr)")
    }

    /// Runs a program, bounded: `timeout` stops it after 180 s (the clients' own waits are far shorter).
    static func shell(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["180"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
