import DVTestSupport
import Foundation
import Testing
@testable import DVFlush

/// Real daemons on this machine: the testnet Unbound (scripts/testnet up) and the dnsmasq and nscd started by
/// scripts/flush-daemons up. These tests fail, not skip, when the daemons are missing; they run in the real tier
/// (DVTOOL_WORLD=real). The bad-input and other-system cases need no daemon and run in both.
@Suite("flush-dns: real daemons and the DNS world", .serialized)
struct LiveTests {
    static let dnsmasqPidFile = "/tmp/dvtool-flush/dnsmasq.pid"
    static let unboundConfig = "/tmp/dvtool-testnet/unbound/unbound.conf"
    static let testnet = CLI.packageRoot.appendingPathComponent("scripts/testnet").path

    static func dnsmasqPid() throws -> Int {
        let text = try #require(try? String(contentsOfFile: dnsmasqPidFile, encoding: .utf8),
                                "no \(dnsmasqPidFile): run scripts/flush-daemons up")
        return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    static func dig(_ server: String, _ name: String) throws -> [String] {
        try shell(["dig", "+short", "+time=2", "+tries=2", "@" + server, name, "A"]).output
            .split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test(TestWorld.realOnly("Detects the testnet Unbound and scripts/flush-daemons' dnsmasq and nscd")) func detectsTheRunningDaemons() throws {
        let detection = LinuxDetector(probe: LiveProbe()).detect()
        let unbound = try #require(detection.layers.first { $0.layer == .unbound && $0.config == Self.unboundConfig },
                                   "the testnet Unbound is not running: scripts/testnet up")
        #expect(unbound.active && unbound.controlEnabled == true)
        #expect(unbound.listens.contains("127.53.53.53:53"))

        let pid = try Self.dnsmasqPid()
        let dnsmasq = try #require(detection.layers.first { $0.layer == .dnsmasq && $0.pid == pid },
                                   "dnsmasq from scripts/flush-daemons is not running")
        #expect(dnsmasq.listens == ["127.53.60.1:53"])
        #expect(dnsmasq.upstreams == ["127.53.53.53"])
        #expect(dnsmasq.caches)

        let nscd = try #require(detection.layers.first { $0.layer == .nscd }, "nscd is not running: scripts/flush-daemons up")
        #expect(nscd.active && nscd.caches, "Debian's nscd.conf enables the hosts cache")

        // Order: Unbound (the dnsmasq upstream) before dnsmasq before nscd.
        let steps = Guidance.steps(for: detection.layers, domain: "flushtest.example.test")
        let commands = steps.map(\.command)
        let flushZone = try #require(commands.firstIndex(of: ["unbound-control", "-c", Self.unboundConfig, "flush_zone", "flushtest.example.test"]))
        let hup = try #require(commands.firstIndex(of: ["kill", "-HUP", String(pid)]))
        let nscdStep = try #require(commands.firstIndex(of: ["nscd", "-i", "hosts"]))
        #expect(flushZone < hup && hup < nscdStep)
    }

    @Test(TestWorld.realOnly("Lists the flush commands of the testnet Unbound and scripts/flush-daemons' dnsmasq and nscd")) func cliPrintsDetectedCommandsAsJSON() throws {
        let result = try CLI.run(["flush-dns", "--json", "--domain", "www.example.test"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let platform = try #require(json["platform"] as? [String: Any])
        #expect(platform["os"] as? String == "linux" && platform["detected"] as? Bool == true)
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["command"] as? [String]) == ["unbound-control", "-c", Self.unboundConfig, "flush_zone", "www.example.test"] })
        #expect(steps.contains { ($0["privilege"] as? String) == "root" && ($0["runnable"] as? Bool) == true })
        let hosts = try #require(json["hosts"] as? [String: Any])
        #expect(hosts["path"] as? String == "/etc/hosts")
    }

    /// The stale answer in Unbound (and in the dnsmasq in front of it) is gone after --apply.
    @Test(TestWorld.realOnly("Flushes the testnet Unbound and scripts/flush-daemons' dnsmasq and nscd (real caches)")) func applyFlushesAStaleAnswer() throws {
        let name = "flushtest.example.test"
        for instance in ["auth1", "auth2"] {
            try shell([Self.testnet, "set-record", instance, "example.test", "flushtest", "A", "192.0.2.201"])
        }
        defer {
            for instance in ["auth1", "auth2"] { _ = try? shell([Self.testnet, "delete-record", instance, "example.test", "flushtest", "A"], check: false) }
            _ = try? shell([Self.testnet, "flush", name], check: false)
        }
        try shell([Self.testnet, "flush", name])
        _ = try Self.dnsmasqPid()
        #expect(try Self.dig("127.53.53.53", name) == ["192.0.2.201"])
        #expect(try Self.dig("127.53.60.1", name) == ["192.0.2.201"], "dnsmasq caches it too")

        for instance in ["auth1", "auth2"] {
            try shell([Self.testnet, "set-record", instance, "example.test", "flushtest", "A", "192.0.2.202"])
        }
        #expect(try Self.dig("127.53.53.53", name) == ["192.0.2.201"], "Unbound still serves the old answer")
        #expect(try Self.dig("127.53.60.1", name) == ["192.0.2.201"], "so does dnsmasq")

        let result = try CLI.run(["flush-dns", "--apply", "--yes", "--domain", name])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("holds it: 1 cached record at or below \(name)."))
        #expect(result.stdout.contains("\(name). "), "the cached record is shown")
        #expect(result.stdout.contains("ok    unbound-control -c \(Self.unboundConfig) flush_zone \(name)"))
        #expect(result.stdout.contains("Cached after the flush"))
        #expect(result.stdout.contains("not cached: nothing cached at or below \(name)."))
        #expect(result.stdout.contains("ok: every flush command succeeded"))

        #expect(try Self.dig("127.53.53.53", name) == ["192.0.2.202"], "the new answer after the flush")
        #expect(try Self.dig("127.53.60.1", name) == ["192.0.2.202"], "dnsmasq was flushed after Unbound")
    }

    @Test(TestWorld.realOnly("Runs the flush steps of the testnet Unbound and scripts/flush-daemons' dnsmasq and nscd")) func failingFlushCommandExitsOne() throws {
        // A fake unbound-control first in PATH: the detected Unbound command fails, the others still run.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-flush-fake-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("unbound-control")
        try "#!/bin/sh\necho 'error: fake control socket refused' >&2\nexit 1\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let path = directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try CLI.run(["flush-dns", "--apply", "--yes"], environment: ["PATH": path])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("FAIL  unbound-control -c \(Self.unboundConfig) flush_zone .: exit status 1: error: fake control socket refused"))
        #expect(result.stdout.contains("ok    nscd -i hosts"), "a failure does not stop the other steps")
        // The total depends on what else caches DNS on this machine (a user's own Unbound adds commands): assert
        // that the summary counts the FAIL rows, the fake's among them, not a machine-wide total.
        let summary = result.stdout.split(separator: "\n").last { $0.hasPrefix("FAILED: ") }.map(String.init) ?? ""
        let failedCount = summary.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        #expect(failedCount >= 1 && summary.hasSuffix(failedCount == 1 ? " flush command failed (see above)" : " flush commands failed (see above)"), "\(result.stdout)")
        let failLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  FAIL  ") }
        #expect(failLines.count == failedCount, "the summary counts the FAIL rows: \(result.stdout)")
    }

    @Test(TestWorld.realOnly("Drops real root to nobody (setpriv) before asking the testnet Unbound and scripts/flush-daemons' dnsmasq and nscd")) func applyWithoutPrivilegesExitsThree() throws {
        var arguments = [CLI.binary.path, "flush-dns", "--apply", "--yes", "--domain", "www.example.test"]
        if getuid() == 0 { arguments = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + arguments }
        let (status, output) = try shell(arguments + [], check: false)
        #expect(status == 3, "\(output)")
        let stderr = try shellStderr(arguments)
        // Which daemons are listed depends on the machine; the test's own Unbound is always among them.
        #expect(stderr.hasPrefix("dvtool: error: flushing "), "\(stderr)")
        #expect(stderr.contains("Unbound") && stderr.contains(" needs root; nothing was run. Run: sudo dvtool flush-dns --apply --yes --domain www.example.test"), "\(stderr)")
    }

    @Test func badInputExitsTwo() throws {
        let cases: [([String], String)] = [
            (["flush-dns", "--os", "plan9"], "The value 'plan9' is invalid for '--os <name>'. Please provide one of 'linux', 'macos' or 'windows'."),
            (["flush-dns", "--apply"], "stdin is not a terminal: pass --yes"),
            (["flush-dns", "--apply", "--yes", "--os", "windows"], "--apply runs only the commands detected on this machine; drop --os"),
            (["flush-dns", "--yes"], "--yes only makes sense with --apply"),
            (["flush-dns", "--domain", "a..b"], "--domain: invalid domain name \"a..b\": it has an empty label"),
            (["flush-dns", "--os-version", "14"], "--os-version is for --os macos"),
            (["flush-dns", "--os", "macos", "--os-version", "fourteen"], "is not a version number"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(whereSeparator: \.isNewline).count == 1, "one clear line")
        }
    }

    @Test func otherSystemGuidance() throws {
        let windows = try CLI.run(["flush-dns", "--os", "windows", "--domain", "www.example.test"])
        #expect(windows.status == 0)
        #expect(windows.stdout.contains("1. ipconfig /flushdns  [administrator]"))
        #expect(windows.stdout.contains("or PowerShell: Clear-DnsClientCache"))
        #expect(windows.stdout.contains("Hosts file C:\\Windows\\System32\\drivers\\etc\\hosts: look for a line naming www.example.test"))
        let mac = try CLI.run(["flush-dns", "--os", "mac", "--os-version", "10.9"])
        #expect(mac.stdout.contains("1. sudo killall -HUP mDNSResponder  [root]"))
        #expect(!mac.stdout.contains("dscacheutil -flushcache  [root]"))
        let unicode = try CLI.run(["flush-dns", "--os", "linux", "--domain", "例子.测试", "--json"])
        #expect(unicode.status == 0, "\(unicode.stderr)")
        #expect(unicode.stdout.contains("\"domain\" : \"xn--fsqu00a.xn--0zwm56d\""))
    }
}

func shellStderr(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
