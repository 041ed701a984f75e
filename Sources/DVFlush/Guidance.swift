import FoundationEssentials
import DVBasics

/// Who may run a step.
public enum Privilege: String, Codable, Sendable {
    /// Any user (browser pages).
    case user
    /// root on Linux/macOS (`sudo`).
    case root
    /// An elevated prompt on Windows ("Run as administrator").
    case administrator
}

public enum StepKind: String, Codable, Sendable {
    /// A command that empties a cache; `--apply` runs it when it was detected on this machine.
    case flush
    /// Does the same as the flush step before it (e.g. the PowerShell cmdlet); shown, never run.
    case alternative
    /// Something only a person can do (a browser page, a restart); shown, never run.
    case manual
}

/// One thing to do, in order, with how to tell it worked.
public struct FlushStep: Codable, Sendable, Equatable {
    public var layer: CachingLayer
    public var kind: StepKind
    /// argv, run without a shell; empty for manual steps.
    public var command: [String]
    /// What to type or do, e.g. `sudo unbound-control … flush_zone www.example.test` or a browser page.
    public var action: String
    public var privilege: Privilege
    /// How to confirm it worked.
    public var confirm: String
    /// `--apply` may run it: a flush command for a layer detected running on this machine.
    public var runnable: Bool
    public var note: String?

    public init(layer: CachingLayer, kind: StepKind = .flush, command: [String], action: String? = nil,
                privilege: Privilege, confirm: String, runnable: Bool = false, note: String? = nil) {
        self.layer = layer
        self.kind = kind
        self.command = command
        self.privilege = privilege
        self.action = action ?? Guidance.display(command, privilege: privilege)
        self.confirm = confirm
        self.runnable = runnable && kind == .flush && !command.isEmpty
        self.note = note
    }
}

/// Builds the steps: for the layers detected on this machine, or for a whole OS (`--os`).
public enum Guidance {
    /// How a user types it: `sudo` in front of root commands.
    public static func display(_ command: [String], privilege: Privilege) -> String {
        let text = ShellQuote.join(command)
        return privilege == .root ? "sudo " + text : text
    }

    // MARK: - Detected (Linux)

    /// Steps for the layers detected running, nearest the authoritative servers first.
    public static func steps(for layers: [DetectedLayer], domain: String?) -> [FlushStep] {
        var steps: [FlushStep] = []
        for layer in layers where layer.active {
            switch layer.layer {
            case .unbound: steps += unbound(layer, domain: domain)
            case .bind: steps += bind(layer, domain: domain)
            case .dnsmasq, .networkManagerDnsmasq: steps += dnsmasq(layer, domain: domain)
            case .systemdResolved: steps.append(systemdResolved(domain: domain, runnable: true))
            case .nscd: steps += nscd(layer)
            default: break
            }
        }
        return steps
    }

    static func unbound(_ layer: DetectedLayer, domain: String?) -> [FlushStep] {
        var base = ["unbound-control"]
        if let config = layer.config, config != "/etc/unbound/unbound.conf" { base += ["-c", config] }
        let at = layer.listens.first.map { " @" + (hostPart($0) ?? $0) } ?? ""
        if layer.controlEnabled == false {
            return [FlushStep(layer: .unbound, kind: .manual, command: [],
                              action: "restart Unbound (pid \(layer.pid.map(String.init) ?? "?")) or enable remote-control in \(layer.config ?? "its configuration") and restart it",
                              privilege: .root,
                              confirm: "dig\(at) \(domain ?? "NAME") shows the full TTL (a fresh answer)",
                              note: "unbound-control needs `remote-control: control-enable: yes` (unbound-control(8), unbound.conf(5))")]
        }
        let which = layer.pid.map { "the Unbound with pid \($0)" } ?? "Unbound"
        if let domain {
            return [
                FlushStep(layer: .unbound, command: base + ["flush_zone", domain], privilege: .root,
                          confirm: "\(ShellQuote.join(base + ["dump_cache"])) no longer lists \(domain); dig\(at) \(domain) shows the full TTL",
                          runnable: true,
                          note: "removes everything cached at or below \(domain) in \(which) (unbound-control(8) flush_zone; `flush` would miss TXT/CAA)"),
                FlushStep(layer: .unbound, command: base + ["flush_negative"], privilege: .root,
                          confirm: "a name that was NXDOMAIN/NODATA is asked upstream again",
                          runnable: true, note: "cached NXDOMAIN, NODATA and SERVFAIL answers (unbound-control(8) flush_negative)"),
            ]
        }
        return [
            FlushStep(layer: .unbound, command: base + ["flush_zone", "."], privilege: .root,
                      confirm: "\(ShellQuote.join(base + ["dump_cache"])) prints (almost) nothing",
                      runnable: true, note: "everything in \(which); `reload` also empties the cache but re-reads the configuration"),
            FlushStep(layer: .unbound, command: base + ["flush_negative"], privilege: .root,
                      confirm: "cached NXDOMAIN/NODATA names are asked upstream again", runnable: true),
            FlushStep(layer: .unbound, command: base + ["flush_bogus"], privilege: .root,
                      confirm: "names that failed DNSSEC validation are validated again", runnable: true),
        ]
    }

    static func bind(_ layer: DetectedLayer, domain: String?) -> [FlushStep] {
        let at = layer.listens.first.map { " @" + (hostPart($0) ?? $0) } ?? ""
        let command = domain.map { ["rndc", "flushtree", $0] } ?? ["rndc", "flush"]
        return [FlushStep(layer: .bind, command: command, privilege: .root,
                          confirm: "dig +norecurse\(at) \(domain ?? "NAME") gets no answer from the cache (rndc dumpdb -cache writes what is left to named_dump.db)",
                          runnable: true,
                          note: domain.map { "the name and all names below it (rndc(8) flushtree; flushname \($0) removes only that name)" } ?? "the whole cache (rndc(8) flush)")]
    }

    static func dnsmasq(_ layer: DetectedLayer, domain: String?) -> [FlushStep] {
        guard layer.caches else { return [] }
        guard let pid = layer.pid else { return [] }
        let at = layer.listens.first.map { " @" + (hostPart($0) ?? $0) } ?? ""
        var note = "SIGHUP makes dnsmasq clear its cache and re-read /etc/hosts (dnsmasq(8) NOTES); it does not re-read its configuration"
        if layer.layer == .networkManagerDnsmasq {
            note += "; `nmcli general reload dns-full` restarts NetworkManager's DNS plugin instead (nmcli(1))"
        }
        return [FlushStep(layer: layer.layer, command: ["kill", "-HUP", String(pid)], privilege: .root,
                          confirm: "dnsmasq logs \"cleared cache\"; dig\(at) \(domain ?? "NAME") shows the full TTL (asked upstream again)",
                          runnable: true, note: note)]
    }

    static func systemdResolved(domain: String?, runnable: Bool) -> FlushStep {
        let confirm = domain.map { "resolvectl query \($0) reports \"Data from: network\"; resolvectl statistics shows the cache size back near 0" }
            ?? "resolvectl statistics shows \"Current Cache Size: 0\""
        return FlushStep(layer: .systemdResolved, command: ["resolvectl", "flush-caches"], privilege: .root,
                         confirm: confirm, runnable: runnable,
                         note: "all its caches (resolvectl(1); same as SIGUSR2, systemd-resolved(8)); an unprivileged user may be allowed by polkit; systemd before 239: systemd-resolve --flush-caches")
    }

    static func nscd(_ layer: DetectedLayer) -> [FlushStep] {
        guard layer.caches else { return [] }
        return [FlushStep(layer: .nscd, command: ["nscd", "-i", "hosts"], privilege: .root,
                          confirm: "nscd -g: the hosts cache shows 0 current number of cached values",
                          runnable: true, note: "invalidates the hosts table (nscd(8) -i); this cache also holds /etc/hosts answers")]
    }

    // MARK: - Browsers (every OS; never run)

    public static func browsers(domain: String?) -> [FlushStep] {
        let name = domain ?? "the site"
        return [
            FlushStep(layer: .browser, kind: .manual, command: [],
                      action: "Chrome: open chrome://net-internals/#dns and press \"Clear host cache\", then chrome://net-internals/#sockets \"Flush socket pools\"",
                      privilege: .user, confirm: "reload \(name); the lookup box on the #dns page shows the new address",
                      note: "Chromium net-internals DNS view"),
            FlushStep(layer: .browser, kind: .manual, command: [],
                      action: "Edge: open edge://net-internals/#dns and press \"Clear host cache\" (then #sockets \"Flush socket pools\")",
                      privilege: .user, confirm: "reload \(name)", note: "Edge is Chromium-based: same page under edge://"),
            FlushStep(layer: .browser, kind: .manual, command: [],
                      action: "Firefox: open about:networking#dns and press \"Clear DNS Cache\"",
                      privilege: .user, confirm: "the DNS table on that page no longer lists \(name)",
                      note: "Firefox about:networking (button about-networking-dns-clear-cache-button); with DNS over HTTPS on, Firefox bypasses the system caches"),
        ]
    }

    // MARK: - Other systems (--os)

    /// The steps for an OS as a whole; for Linux, one step per caching service with how to tell it runs.
    public static func steps(for os: TargetOS, version: String?, domain: String?, runnable: Bool) -> [FlushStep] {
        switch os {
        case .windows: return windows(domain: domain, runnable: runnable)
        case .macos: return macOS(version: version, domain: domain, runnable: runnable)
        case .linux: return linuxGeneric(domain: domain)
        }
    }

    static func windows(domain: String?, runnable: Bool) -> [FlushStep] {
        let name = domain ?? "NAME"
        return [
            FlushStep(layer: .windowsDNSClient, command: ["ipconfig", "/flushdns"], action: "ipconfig /flushdns",
                      privilege: .administrator,
                      confirm: "prints \"Successfully flushed the DNS Resolver Cache.\"; ipconfig /displaydns no longer lists \(name)",
                      runnable: runnable,
                      note: "flushes and resets the DNS client resolver cache, including negative entries (Microsoft Learn: ipconfig). Run in an elevated Command Prompt or PowerShell."),
            FlushStep(layer: .windowsDNSClient, kind: .alternative,
                      command: ["powershell", "-NoProfile", "-Command", "Clear-DnsClientCache"], action: "PowerShell: Clear-DnsClientCache",
                      privilege: .administrator,
                      confirm: "Get-DnsClientCache -Entry \(name) returns nothing",
                      note: "\"equivalent to running ipconfig /flushdns\" (Microsoft Learn: Clear-DnsClientCache, DnsClient module)"),
        ]
    }

    /// macOS by version. Sources: Apple's "Reset the DNS cache" support note as quoted by madboa.com (2014) and
    /// support.thundertech.com; command history collected from public pages (see docs/flush-dns.md).
    static func macOS(version: String?, domain: String?, runnable: Bool) -> [FlushStep] {
        let confirm = "dscacheutil -q host -a name \(domain ?? "NAME") shows the new address"
        let parts = (version ?? "").split(separator: ".").compactMap { Int($0) }
        let v = (parts.first ?? 99, parts.count > 1 ? parts[1] : 0, parts.count > 2 ? parts[2] : 0)
        func step(_ command: [String], _ note: String) -> FlushStep {
            FlushStep(layer: .mDNSResponder, command: command, privilege: .root, confirm: confirm, runnable: runnable, note: note)
        }
        let which = version.map { "macOS \($0)" } ?? "macOS 10.10.4 and later (11–15 included)"
        if v.0 > 10 || (v.0 == 10 && (v.1 > 10 || (v.1 == 10 && v.2 >= 4))) {
            return [step(["dscacheutil", "-flushcache"], "\(which): the directory service cache"),
                    step(["killall", "-HUP", "mDNSResponder"], "\(which): mDNSResponder drops its DNS cache on SIGHUP")]
        }
        if v.0 == 10 && v.1 == 10 {
            return [step(["discoveryutil", "mdnsflushcache"], "\(which) (10.10.0–10.10.3 used discoveryd)"),
                    step(["discoveryutil", "udnsflushcaches"], "\(which): the unicast DNS cache")]
        }
        if v.0 == 10 && v.1 >= 7 { return [step(["killall", "-HUP", "mDNSResponder"], "\(which) (10.7–10.9)")] }
        if v.0 == 10 && v.1 >= 5 { return [step(["dscacheutil", "-flushcache"], "\(which) (10.5–10.6)")] }
        return [step(["lookupd", "-flushcache"], "\(which) (10.4 and earlier)")]
    }

    /// The version table shown with `--os macos` when no version is known.
    public static let macOSVersionTable = [
        "macOS 10.10.4 and later (11–15): sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder",
        "OS X 10.10.0–10.10.3: sudo discoveryutil mdnsflushcache; sudo discoveryutil udnsflushcaches",
        "OS X 10.7–10.9: sudo killall -HUP mDNSResponder",
        "OS X 10.5–10.6: sudo dscacheutil -flushcache",
        "OS X 10.4 and earlier: lookupd -flushcache",
    ]

    static func linuxGeneric(domain: String?) -> [FlushStep] {
        let name = domain ?? "NAME"
        return [
            FlushStep(layer: .unbound, command: ["unbound-control", "flush_zone", name], privilege: .root,
                      confirm: "unbound-control dump_cache no longer lists \(name)",
                      note: "if unbound runs (pgrep -a unbound); add -c CONFIG when it was started with one; then unbound-control flush_negative"),
            FlushStep(layer: .bind, command: ["rndc", domain == nil ? "flush" : "flushtree"] + (domain.map { [$0] } ?? []), privilege: .root,
                      confirm: "dig +norecurse @SERVER \(name) gets no answer from the cache", note: "if named runs (pgrep -a named)"),
            FlushStep(layer: .dnsmasq, command: ["kill", "-HUP", "PID"], action: "sudo kill -HUP $(pidof dnsmasq)", privilege: .root,
                      confirm: "dig @ADDRESS \(name) shows the full TTL",
                      note: "if dnsmasq runs (pgrep -a dnsmasq), including NetworkManager's (dns=dnsmasq in NetworkManager.conf): SIGHUP clears its cache (dnsmasq(8))"),
            systemdResolved(domain: domain, runnable: false),
            FlushStep(layer: .nscd, command: ["nscd", "-i", "hosts"], privilege: .root,
                      confirm: "nscd -g: the hosts cache shows 0 current number of cached values", note: "if nscd runs (pgrep -a nscd)"),
        ]
    }
}
