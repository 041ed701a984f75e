import Foundation
import Testing
@testable import DVFlush

/// Detection from fixture trees: systems that cannot run in this container.
@Suite("flush-dns: detection from fixtures")
struct DetectionTests {
    @Test func systemdResolvedStubOnUbuntu() throws {
        let detection = Fixture.detect("resolved")
        #expect(detection.platform.description == "Ubuntu 24.04.1 LTS")
        #expect(detection.resolver.resolvConfTarget == "/run/systemd/resolve/stub-resolv.conf")
        #expect(detection.resolver.nameservers == ["127.0.0.53"])
        #expect(detection.resolver.nsswitchHosts == ["files", "mdns4_minimal", "resolve", "dns", "myhostname"])
        #expect(detection.layers.map(\.layer) == [.systemdResolved])
        let resolved = try #require(detection.layers.first)
        #expect(resolved.active && resolved.pid == 512)
        #expect(resolved.listens == ["127.0.0.53:53", "127.0.0.54:53"])
        #expect(resolved.inResolvConf)
        #expect(resolved.evidence.contains("/etc/resolv.conf -> /run/systemd/resolve/stub-resolv.conf"))
        #expect(resolved.evidence.contains { $0.contains("nss-resolve") })
        #expect(detection.notes.contains { $0.contains("NetworkManager is running (pid 640) with no dns= setting") })

        let steps = Guidance.steps(for: detection.layers, domain: nil)
        try #require(steps.map(\.command) == [["resolvectl", "flush-caches"]])
        #expect(steps[0].privilege == .root && steps[0].runnable)
        #expect(steps[0].confirm.contains("resolvectl statistics"))
    }

    @Test func kernelThreadsAreSkipped() {
        #expect(Fixture.probe("resolved").processes().map(\.pid) == [1, 512, 640])
    }

    @Test func hostsOverrideIsFound() throws {
        let report = try FlushPlanner.plan(probe: Fixture.probe("resolved"), domain: "www.example.test", runner: FakeRunner())
        let hosts = try #require(report.hosts)
        #expect(hosts.checked && hosts.readable && hosts.path == "/etc/hosts")
        #expect(hosts.entries.map(\.line) == [4])
        #expect(hosts.entries.first?.address == "203.0.113.9")
        #expect(hosts.consultedFirst == true)
    }

    @Test func networkManagerDnsmasq() throws {
        let detection = Fixture.detect("nm-dnsmasq")
        #expect(detection.resolver.networkManagerDNS == "dnsmasq")
        #expect(detection.resolver.networkManagerDNSSource == "/etc/NetworkManager/conf.d/00-use-dnsmasq.conf")
        #expect(detection.layers.map(\.layer) == [.networkManagerDnsmasq])
        let dnsmasq = try #require(detection.layers.first)
        #expect(dnsmasq.pid == 812 && dnsmasq.active && dnsmasq.caches)
        #expect(dnsmasq.listens == ["127.0.1.1:53"], "port-53 sockets held by the pid only")
        #expect(dnsmasq.inResolvConf)
        #expect(dnsmasq.evidence.contains { $0.contains("dns=dnsmasq in /etc/NetworkManager/conf.d/00-use-dnsmasq.conf") })
        let steps = Guidance.steps(for: detection.layers, domain: "www.example.test")
        try #require(steps.map(\.command) == [["kill", "-HUP", "812"]])
        #expect(steps[0].note?.contains("nmcli general reload dns-full") == true)
    }

    @Test func serverWithUnboundBindAndNscd() throws {
        let detection = Fixture.detect("server")
        try #require(detection.layers.map(\.layer) == [.unbound, .bind, .nscd])
        let unbound = detection.layers[0]
        #expect(unbound.pid == 900 && unbound.config == "/etc/unbound/unbound.conf")
        #expect(unbound.controlEnabled == true, "control-enable comes from an include-toplevel glob")
        #expect(unbound.listens == ["127.0.0.1:53", "[::1]:53"])
        #expect(unbound.inResolvConf)
        #expect(unbound.evidence.contains("no -c: uses the default /etc/unbound/unbound.conf"))
        let bind = detection.layers[1]
        #expect(bind.pid == 950 && bind.listens == ["127.0.0.2:53"])
        #expect(!bind.inResolvConf)
        let nscd = detection.layers[2]
        #expect(!nscd.caches)
        #expect(nscd.evidence.contains("socket /var/run/nscd/socket"))

        let steps = Guidance.steps(for: detection.layers, domain: "www.example.test")
        #expect(steps.map(\.command) == [
            ["unbound-control", "flush_zone", "www.example.test"],
            ["unbound-control", "flush_negative"],
            ["rndc", "flushtree", "www.example.test"],
        ], "no -c for Unbound's default config; nscd without a hosts cache gets no step")
        #expect(steps.allSatisfy { $0.runnable && $0.privilege == .root })
        let whole = Guidance.steps(for: detection.layers, domain: nil)
        #expect(whole.map(\.command) == [["unbound-control", "flush_zone", "."], ["unbound-control", "flush_negative"],
                                         ["unbound-control", "flush_bogus"], ["rndc", "flush"]])
    }

    @Test func unboundWithoutRemoteControlGetsAManualStep() throws {
        let layer = DetectedLayer(layer: .unbound, active: true, pid: 7, config: "/etc/u.conf", listens: ["127.0.0.1:53"], controlEnabled: false)
        let steps = Guidance.steps(for: [layer], domain: "a.test")
        try #require(steps.count == 1)
        #expect(steps[0].kind == .manual && !steps[0].runnable && steps[0].command.isEmpty)
        #expect(steps[0].action.contains("restart Unbound"))
    }

    @Test func noCacheAndADeadStub() throws {
        let detection = Fixture.detect("plain")
        try #require(detection.layers.count == 1)
        #expect(detection.layers[0].layer == .systemdResolved && !detection.layers[0].active)
        #expect(detection.layers[0].warnings.contains { $0.contains("no systemd-resolved process is running") })
        #expect(Guidance.steps(for: detection.layers, domain: nil).isEmpty)
        #expect(detection.notes.contains { $0.contains("names 127.0.0.53, but nothing listens there") })
        #expect(detection.notes.contains { $0.contains("No local DNS cache is running") && $0.contains("192.0.2.53") })
        #expect(detection.notes.contains { $0.contains("does not list files") })
    }

    @Test func macOSFromSystemVersionPlist() throws {
        let report = try FlushPlanner.plan(probe: Fixture.probe("macos"), domain: "www.example.test")
        #expect(report.platform == PlatformSummary(os: .macos, version: "14.5", description: "macOS 14.5", detected: true))
        let flush = report.steps.filter { $0.kind == .flush }
        #expect(flush.map(\.command) == [["dscacheutil", "-flushcache"], ["killall", "-HUP", "mDNSResponder"]])
        #expect(flush.allSatisfy { $0.runnable && $0.privilege == .root })
        #expect(report.hosts?.entries.isEmpty == true)
    }

    @Test func windowsHostsFileAndCommands() throws {
        let report = try FlushPlanner.plan(probe: Fixture.probe("windows"), domain: "www.example.test")
        #expect(report.platform.os == .windows && report.platform.detected)
        #expect(report.runnableSteps.map(\.command) == [["ipconfig", "/flushdns"]])
        let hosts = try #require(report.hosts)
        #expect(hosts.path == "C:\\Windows\\System32\\drivers\\etc\\hosts")
        #expect(hosts.entries.map(\.address) == ["198.51.100.7"], "CRLF, upper case and a trailing dot still match")
    }

    @Test func unknownKernelIsAnError() throws {
        struct Odd: SystemProbe {
            func kernelName() -> String { "Plan9" }
            func isPrivileged() -> Bool { false }
            func readFile(_ path: String) -> String? { nil }
            func symlinkDestination(_ path: String) -> String? { nil }
            func directoryEntries(_ path: String) -> [String] { [] }
            func fileExists(_ path: String) -> Bool { false }
        }
        #expect(throws: FlushPlanError.unknownSystem("Plan9")) { try FlushPlanner.plan(probe: Odd()) }
    }
}

@Suite("flush-dns: guidance for other systems")
struct GuidanceTests {
    func commands(_ version: String?) -> [[String]] {
        Guidance.steps(for: .macos, version: version, domain: nil, runnable: false).map(\.command)
    }

    @Test func macOSByVersion() {
        let modern = [["dscacheutil", "-flushcache"], ["killall", "-HUP", "mDNSResponder"]]
        #expect(commands(nil) == modern)
        #expect(commands("15.1") == modern)
        #expect(commands("10.10.4") == modern)
        #expect(commands("10.10.2") == [["discoveryutil", "mdnsflushcache"], ["discoveryutil", "udnsflushcaches"]])
        #expect(commands("10.9") == [["killall", "-HUP", "mDNSResponder"]])
        #expect(commands("10.6.8") == [["dscacheutil", "-flushcache"]])
        #expect(commands("10.4") == [["lookupd", "-flushcache"]])
    }

    @Test func aVersionIsForMacOSAndMustBeOne() throws {
        let probe = Fixture.probe("server")
        #expect(throws: FlushPlanError.versionWithoutMacOS) { try FlushPlanner.plan(probe: probe, target: .linux, version: "12") }
        #expect(throws: FlushPlanError.versionWithoutMacOS) { try FlushPlanner.plan(probe: probe, version: "14.5") }
        #expect(throws: FlushPlanError.badVersion("fourteen")) { try FlushPlanner.plan(probe: probe, target: .macos, version: "fourteen") }
        #expect(throws: FlushPlanError.badVersion("")) { try FlushPlanner.plan(probe: probe, target: .macos, version: "") }
        #expect(try FlushPlanner.plan(probe: probe, target: .macos, version: "10.9").steps.contains { $0.command == ["killall", "-HUP", "mDNSResponder"] })
    }

    @Test func otherSystemsAreNeverRunnable() throws {
        for os in TargetOS.allCases {
            let report = try FlushPlanner.plan(probe: Fixture.probe("server"), target: os, domain: "www.example.test")
            #expect(!report.platform.detected)
            #expect(report.runnableSteps.isEmpty, "\(os)")
            #expect(report.hosts?.checked == false, "the hosts file is on the other machine")
            #expect(report.steps.contains { $0.layer == .browser && $0.action.contains("chrome://net-internals/#dns") })
            #expect(report.steps.contains { $0.action.contains("about:networking#dns") })
            #expect(report.steps.contains { $0.action.contains("edge://net-internals/#dns") })
        }
    }

    @Test func windowsHasIpconfigAndTheCmdlet() throws {
        let steps = Guidance.steps(for: .windows, version: nil, domain: "a.test", runnable: false)
        #expect(steps.map(\.action) == ["ipconfig /flushdns", "PowerShell: Clear-DnsClientCache"])
        #expect(steps[1].kind == .alternative)
        #expect(steps.allSatisfy { $0.privilege == .administrator })
        #expect(steps[1].confirm == "Get-DnsClientCache -Entry a.test returns nothing")
    }

    @Test func linuxCoversEveryService() {
        let layers = Set(Guidance.steps(for: .linux, version: nil, domain: nil, runnable: false).map(\.layer))
        #expect(layers == [.unbound, .bind, .dnsmasq, .systemdResolved, .nscd])
    }
}
