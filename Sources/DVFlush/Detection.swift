import FoundationEssentials
import DVBasics

/// The operating systems dvtool gives guidance for.
public enum TargetOS: String, Codable, Sendable, CaseIterable {
    case linux, macos, windows

    /// Accepts the usual spellings: `linux`, `macos`/`mac`/`osx`/`darwin`, `windows`/`win`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "linux": self = .linux
        case "macos", "mac", "osx", "darwin", "macosx": self = .macos
        case "windows", "win", "win32", "windows_nt": self = .windows
        default: return nil
        }
    }

    public var displayName: String {
        switch self {
        case .linux: "Linux"
        case .macos: "macOS"
        case .windows: "Windows"
        }
    }
}

/// A place between an application and the authoritative servers that can hold an old answer.
public enum CachingLayer: String, Codable, Sendable, CaseIterable {
    case bind
    case unbound
    case dnsmasq
    case networkManagerDnsmasq
    case systemdResolved
    case nscd
    case mDNSResponder
    case windowsDNSClient
    case browser

    public var displayName: String {
        switch self {
        case .bind: "BIND (named)"
        case .unbound: "Unbound"
        case .dnsmasq: "dnsmasq"
        case .networkManagerDnsmasq: "NetworkManager's dnsmasq"
        case .systemdResolved: "systemd-resolved"
        case .nscd: "nscd"
        case .mDNSResponder: "mDNSResponder"
        case .windowsDNSClient: "Windows DNS Client"
        case .browser: "browser"
        }
    }

    /// Flush order: the cache nearest the authoritative servers first, so a cache further out cannot
    /// refill itself from a cache that still holds the old answer.
    public var order: Int {
        switch self {
        case .bind, .unbound: 0
        case .dnsmasq, .networkManagerDnsmasq: 1
        case .systemdResolved, .mDNSResponder, .windowsDNSClient: 2
        case .nscd: 3
        case .browser: 4
        }
    }
}

/// One caching layer found on the machine, with why dvtool believes it.
public struct DetectedLayer: Codable, Sendable, Equatable {
    public var layer: CachingLayer
    /// Running now (a process was seen). Layers that are only configured are reported with `active: false`.
    public var active: Bool
    public var pid: Int?
    /// The configuration file the running instance uses (Unbound `-c`, named `-c`).
    public var config: String?
    /// Where it answers DNS, `ADDRESS:PORT`.
    public var listens: [String] = []
    /// Whether it keeps a cache that can be flushed (dnsmasq `--cache-size=0`, nscd `enable-cache hosts no`).
    public var caches = true
    /// Unbound: remote control is enabled in its configuration (nil: could not tell).
    public var controlEnabled: Bool?
    /// Servers it forwards to (dnsmasq `--server`).
    public var upstreams: [String] = []
    /// `/etc/resolv.conf` names one of its addresses.
    public var inResolvConf = false
    public var evidence: [String] = []
    public var warnings: [String] = []
}

/// What the machine is.
public struct PlatformSummary: Codable, Sendable, Equatable {
    public var os: TargetOS?
    /// macOS ProductVersion, Linux os-release VERSION_ID.
    public var version: String?
    /// os-release PRETTY_NAME, "macOS 14.5", the kernel name for anything else.
    public var description: String
    /// True when this describes the machine dvtool runs on (not `--os`).
    public var detected: Bool
}

/// The resolver configuration that decides which layers an ordinary lookup passes through.
public struct ResolverConfiguration: Codable, Sendable, Equatable {
    public var resolvConfTarget: String?
    public var nameservers: [String]
    /// The sources of the `hosts:` line in nsswitch.conf, in order (e.g. `files`, `resolve`, `dns`).
    public var nsswitchHosts: [String]
    /// NetworkManager's `[main] dns=` mode after all its configuration files, nil when unset.
    public var networkManagerDNS: String?
    public var networkManagerDNSSource: String?
}

/// The result of looking at a Linux machine.
public struct LinuxDetection: Sendable {
    public var platform: PlatformSummary
    public var resolver: ResolverConfiguration
    public var layers: [DetectedLayer]
    public var notes: [String]
}

/// Finds the caching layers on a Linux machine from processes, sockets and configuration files.
public struct LinuxDetector: Sendable {
    public let probe: any SystemProbe

    public init(probe: any SystemProbe) { self.probe = probe }

    static let resolvedStubTargets = ["/run/systemd/resolve/stub-resolv.conf", "/usr/lib/systemd/resolv.conf",
                                      "/lib/systemd/resolv.conf", "/run/systemd/resolve/resolv.conf"]

    public func detect() -> LinuxDetection {
        let processes = probe.processes()
        let sockets = probe.udpSockets()
        let resolver = resolverConfiguration()
        var notes: [String] = []
        var layers: [DetectedLayer] = []

        func listens(pid: Int, port: Int) -> [String]? {
            let inodes = probe.socketInodes(pid: pid)
            guard !inodes.isEmpty else { return nil }
            return unique(sockets.filter { inodes.contains($0.inode) && $0.port == port }.map { endpoint($0.address, $0.port) })
        }
        func markResolvConf(_ layer: inout DetectedLayer) {
            let hosts = layer.listens.compactMap { hostPart($0) }
            if let hit = resolver.nameservers.first(where: { hosts.contains($0) }) {
                layer.inResolvConf = true
                layer.evidence.append("/etc/resolv.conf sends lookups to it (nameserver \(hit))")
            } else if !layer.listens.isEmpty {
                let named = resolver.nameservers.isEmpty ? "no nameserver" : "nameserver " + resolver.nameservers.joined(separator: ", ")
                layer.evidence.append("not in /etc/resolv.conf (\(named)): used by clients and forwarders that ask it directly")
            }
        }

        for process in processes {
            switch process.name {
            case "unbound":
                var layer = unbound(process)
                if let found = listens(pid: process.pid, port: 53), !found.isEmpty {
                    layer.listens = found
                    layer.evidence.append("UDP sockets held by pid \(process.pid): \(found.joined(separator: ", "))")
                }
                markResolvConf(&layer)
                layers.append(layer)
            case "dnsmasq":
                var layer = dnsmasq(process)
                let port = Int(process.value(short: "p", long: "port") ?? "") ?? 53
                if let found = listens(pid: process.pid, port: port), !found.isEmpty {
                    layer.listens = found
                    layer.evidence.append("UDP sockets held by pid \(process.pid): \(found.joined(separator: ", "))")
                }
                markResolvConf(&layer)
                layers.append(layer)
            case "nscd":
                layers.append(nscd(process))
            case "named":
                var layer = DetectedLayer(layer: .bind, active: true, pid: process.pid,
                                          config: process.value(short: "c") ?? "/etc/bind/named.conf",
                                          evidence: ["process \(process.pid): \(process.commandLine)"])
                if let found = listens(pid: process.pid, port: Int(process.value(short: "p") ?? "") ?? 53), !found.isEmpty {
                    layer.listens = found
                    layer.evidence.append("UDP sockets held by pid \(process.pid): \(found.joined(separator: ", "))")
                }
                if layer.config != "/etc/bind/named.conf" {
                    layer.warnings.append("named runs with -c \(layer.config!): rndc must use the key and control channel of that instance (rndc -c / -s / -p)")
                }
                markResolvConf(&layer)
                layers.append(layer)
            case "systemd-resolved":
                var layer = DetectedLayer(layer: .systemdResolved, active: true, pid: process.pid,
                                          evidence: ["process \(process.pid): \(process.commandLine)"])
                let stub = sockets.filter { $0.port == 53 && ($0.address == "127.0.0.53" || $0.address == "127.0.0.54") }
                layer.listens = unique(stub.map { endpoint($0.address, $0.port) })
                if !layer.listens.isEmpty { layer.evidence.append("stub listener on \(layer.listens.joined(separator: ", "))") }
                markResolvConf(&layer)
                if let target = resolver.resolvConfTarget, Self.resolvedStubTargets.contains(target) {
                    layer.evidence.append("/etc/resolv.conf -> \(target)")
                }
                if resolver.nsswitchHosts.contains("resolve") {
                    layer.evidence.append("nsswitch.conf hosts: uses nss-resolve (\(resolver.nsswitchHosts.joined(separator: " ")))")
                }
                layers.append(layer)
            default:
                break
            }
        }

        // systemd-resolved configured but not running: lookups through 127.0.0.53 fail, nothing to flush.
        if !layers.contains(where: { $0.layer == .systemdResolved }) {
            var reasons: [String] = []
            if let target = resolver.resolvConfTarget, Self.resolvedStubTargets.contains(target) { reasons.append("/etc/resolv.conf -> \(target)") }
            if resolver.nameservers.contains("127.0.0.53") { reasons.append("/etc/resolv.conf names 127.0.0.53") }
            if resolver.nsswitchHosts.contains("resolve") { reasons.append("nsswitch.conf hosts: lists resolve") }
            if !reasons.isEmpty {
                layers.append(DetectedLayer(layer: .systemdResolved, active: false, evidence: reasons,
                                            warnings: ["configured but no systemd-resolved process is running: nothing to flush, but lookups through it fail until it is started"]))
            }
        }

        // NetworkManager: its dns= mode decides whether it runs its own dnsmasq or feeds systemd-resolved.
        let networkManager = processes.first { $0.name == "NetworkManager" }
        if let mode = resolver.networkManagerDNS {
            let source = resolver.networkManagerDNSSource ?? "NetworkManager.conf"
            let running = networkManager.map { "NetworkManager is running (pid \($0.pid))" } ?? "NetworkManager is not running"
            switch mode {
            case "dnsmasq":
                if !layers.contains(where: { $0.layer == .networkManagerDnsmasq }) {
                    layers.append(DetectedLayer(layer: .networkManagerDnsmasq, active: false,
                                                evidence: ["dns=dnsmasq in \(source)", running],
                                                warnings: ["no dnsmasq started by NetworkManager is running: nothing to flush"]))
                } else if let index = layers.firstIndex(where: { $0.layer == .networkManagerDnsmasq }) {
                    layers[index].evidence.append("dns=dnsmasq in \(source); \(running)")
                }
            case "systemd-resolved":
                notes.append("NetworkManager dns=systemd-resolved (\(source)): it pushes servers to systemd-resolved, which holds the cache. \(running).")
            case "none", "default":
                notes.append("NetworkManager dns=\(mode) (\(source)): it keeps no DNS cache of its own. \(running).")
            default:
                notes.append("NetworkManager dns=\(mode) (\(source)): not a mode dvtool knows. \(running).")
            }
        } else if let networkManager {
            notes.append("NetworkManager is running (pid \(networkManager.pid)) with no dns= setting: it uses \"default\" (writes /etc/resolv.conf, no cache of its own) unless /etc/resolv.conf links to systemd-resolved.")
        }

        // A loopback nameserver nobody could be matched to: a cache dvtool cannot name.
        let claimed = Set(layers.flatMap { $0.listens.compactMap { hostPart($0) } })
        for server in resolver.nameservers where isLoopback(server) && !claimed.contains(server) {
            let listening = sockets.contains { $0.address == server && $0.port == 53 }
            notes.append(listening
                ? "/etc/resolv.conf names \(server), which something listens on that dvtool could not identify (run as root to see every process's sockets): flush it by hand."
                : "/etc/resolv.conf names \(server), but nothing listens there on UDP port 53: lookups will fail.")
        }
        if layers.allSatisfy({ !$0.active }) {
            let servers = resolver.nameservers.isEmpty ? "no nameserver line" : resolver.nameservers.joined(separator: ", ")
            notes.append("No local DNS cache is running: programs ask \(servers) from /etc/resolv.conf directly; only that resolver (and the browsers) can hold an old answer.")
        }
        if !resolver.nsswitchHosts.isEmpty, !resolver.nsswitchHosts.contains("files") {
            notes.append("nsswitch.conf hosts: does not list files, so /etc/hosts is not consulted.")
        }

        layers.sort { ($0.layer.order, $0.pid ?? Int.max) < ($1.layer.order, $1.pid ?? Int.max) }
        return LinuxDetection(platform: platform(), resolver: resolver, layers: layers, notes: notes)
    }

    // MARK: - Per service

    func unbound(_ process: RunningProcess) -> DetectedLayer {
        let explicit = process.value(short: "c")
        let config = explicit ?? "/etc/unbound/unbound.conf"
        var layer = DetectedLayer(layer: .unbound, active: true, pid: process.pid, config: config,
                                  evidence: ["process \(process.pid): \(process.commandLine)"])
        if explicit == nil { layer.evidence.append("no -c: uses the default \(config)") }
        let settings = UnboundConfig.read(config, probe: probe)
        if settings.files.isEmpty {
            layer.warnings.append("cannot read \(config) (run as root?): assuming remote control as configured there")
        } else {
            layer.controlEnabled = settings.controlEnabled
            let port = settings.port ?? 53
            layer.listens = (settings.interfaces.isEmpty ? ["127.0.0.1", "::1"] : settings.interfaces).map { endpoint($0, port) }
            if settings.controlEnabled {
                let via = settings.controlInterface.map { " (control-interface \($0))" } ?? ""
                layer.evidence.append("remote-control enabled in \(settings.files.joined(separator: ", "))\(via)")
            } else {
                layer.warnings.append("remote-control is not enabled in \(config) (control-enable: no): unbound-control cannot reach it; enable it and restart, or restart unbound to empty its cache")
            }
        }
        return layer
    }

    func dnsmasq(_ process: RunningProcess) -> DetectedLayer {
        let managed = process.arguments.contains { $0.contains("NetworkManager") }
        var layer = DetectedLayer(layer: managed ? .networkManagerDnsmasq : .dnsmasq, active: true, pid: process.pid,
                                  evidence: ["process \(process.pid): \(process.commandLine)"])
        if managed { layer.evidence.append("started by NetworkManager (its command line names NetworkManager paths)") }
        let port = Int(process.value(short: "p", long: "port") ?? "") ?? 53
        let addresses = process.values(short: "a", long: "listen-address")
            .flatMap { $0.split(separator: ",").map(String.init) }
        layer.listens = addresses.map { endpoint($0, port) }
        layer.upstreams = process.values(short: "S", long: "server")
        if let size = process.value(long: "cache-size") ?? process.value(short: "c"), Int(size) == 0 {
            layer.caches = false
            layer.evidence.append("--cache-size=0: this dnsmasq keeps no cache")
        }
        if process.arguments.contains("--no-resolv") || process.arguments.contains("-R") {
            layer.evidence.append("--no-resolv: forwards only to \(layer.upstreams.isEmpty ? "its --server list" : layer.upstreams.joined(separator: ", "))")
        }
        return layer
    }

    func nscd(_ process: RunningProcess) -> DetectedLayer {
        var layer = DetectedLayer(layer: .nscd, active: true, pid: process.pid,
                                  evidence: ["process \(process.pid): \(process.commandLine)"])
        let config = process.value(short: "f", long: "config-file") ?? "/etc/nscd.conf"
        if let text = probe.readFile(config) {
            // "enable-cache hosts yes"; nscd.conf(5): each cache is disabled unless enabled explicitly.
            let enabled = text.split(whereSeparator: \.isNewline).contains { line in
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return words.count >= 3 && words[0] == "enable-cache" && words[1] == "hosts" && words[2] == "yes"
            }
            layer.caches = enabled
            layer.evidence.append(enabled ? "\(config): enable-cache hosts yes" : "\(config): the hosts cache is not enabled (nscd.conf(5): caches are off unless enabled)")
        } else {
            layer.warnings.append("cannot read \(config): assuming the hosts cache is enabled")
        }
        for socket in ["/var/run/nscd/socket", "/run/nscd/socket"] where probe.fileExists(socket) {
            layer.evidence.append("socket \(socket)")
            break
        }
        return layer
    }

    // MARK: - Configuration files

    public func resolverConfiguration() -> ResolverConfiguration {
        let resolvConf = probe.readFile("/etc/resolv.conf") ?? ""
        let nameservers = resolvConf.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "nameserver" else { return nil }
            return String(words[1])
        }
        let nsswitch = probe.readFile("/etc/nsswitch.conf") ?? ""
        var hosts: [String] = []
        for line in nsswitch.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard content.hasPrefix("hosts:") else { continue }
            hosts = content.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" })
                .map(String.init).filter { !$0.hasPrefix("[") }
        }
        let (mode, source) = networkManagerDNS()
        // Ubuntu links it relatively (../run/systemd/resolve/stub-resolv.conf): report the absolute path.
        let target = probe.symlinkDestination("/etc/resolv.conf").map { link in
            link.hasPrefix("/") ? link : FilePath.normalized("/etc/" + link)
        }
        return ResolverConfiguration(resolvConfTarget: target, nameservers: nameservers,
                                     nsswitchHosts: hosts, networkManagerDNS: mode, networkManagerDNSSource: source)
    }

    /// NetworkManager.conf(5): /usr/lib/…/conf.d first, then /run/…/conf.d, NetworkManager.conf,
    /// /etc/…/conf.d in order, and NetworkManager-intern.conf last; later files override earlier ones.
    func networkManagerDNS() -> (String?, String?) {
        var files: [String] = []
        for directory in ["/usr/lib/NetworkManager/conf.d", "/run/NetworkManager/conf.d"] {
            files += probe.directoryEntries(directory).filter { $0.hasSuffix(".conf") }.sorted().map { "\(directory)/\($0)" }
        }
        files.append("/etc/NetworkManager/NetworkManager.conf")
        files += probe.directoryEntries("/etc/NetworkManager/conf.d").filter { $0.hasSuffix(".conf") }.sorted()
            .map { "/etc/NetworkManager/conf.d/\($0)" }
        files.append("/var/lib/NetworkManager/NetworkManager-intern.conf")
        var mode: String?, source: String?
        for file in files {
            guard let text = probe.readFile(file) else { continue }
            var section = ""
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingWhitespace()
                if line.hasPrefix("#") || line.hasPrefix(";") { continue }
                if line.hasPrefix("[") { section = line; continue }
                guard section == "[main]", let equals = line.firstIndex(of: "=") else { continue }
                if line[..<equals].trimmingWhitespace() == "dns" {
                    mode = line[line.index(after: equals)...].trimmingWhitespace()
                    source = file
                }
            }
        }
        return (mode, source)
    }

    func platform() -> PlatformSummary {
        let release = probe.readFile("/etc/os-release") ?? probe.readFile("/usr/lib/os-release") ?? ""
        var fields: [String: String] = [:]
        for line in release.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
                value = String(value.dropFirst().dropLast())
            }
            fields[String(line[..<equals])] = value
        }
        return PlatformSummary(os: .linux, version: fields["VERSION_ID"], description: fields["PRETTY_NAME"] ?? "Linux", detected: true)
    }
}

/// The few Unbound settings detection needs, following `include:` lines (with `*` globs in the file name).
struct UnboundConfig {
    var files: [String] = []
    var interfaces: [String] = []
    var port: Int?
    var controlEnabled = false
    var controlInterface: String?

    static func read(_ path: String, probe: any SystemProbe) -> UnboundConfig {
        var config = UnboundConfig()
        var section = "server:"
        var seen = Set<String>()
        func load(_ path: String, depth: Int) {
            guard depth < 8, !seen.contains(path), let text = probe.readFile(path) else { return }
            seen.insert(path)
            config.files.append(path)
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                    .trimmingWhitespace()
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = String(line[..<colon]).trimmingWhitespace()
                let value = line[line.index(after: colon)...].trimmingWhitespace()
                    .trimming("\"")
                if value.isEmpty && !key.contains(" ") { section = key + ":"; continue }
                switch key {
                case "include", "include-toplevel":
                    for file in expand(value, probe: probe) { load(file, depth: depth + 1) }
                case "interface" where section == "server:":
                    config.interfaces.append(value.split(separator: "@").first.map(String.init) ?? value)
                case "port" where section == "server:":
                    config.port = Int(value)
                case "control-enable" where section == "remote-control:":
                    config.controlEnabled = value == "yes"
                case "control-interface" where section == "remote-control:":
                    config.controlInterface = value
                default:
                    break
                }
            }
        }
        load(path, depth: 0)
        return config
    }

    static func expand(_ pattern: String, probe: any SystemProbe) -> [String] {
        guard pattern.contains("*") || pattern.contains("?") else { return [pattern] }
        let directory = FilePath.parent(of: pattern)
        let glob = FilePath.lastComponent(of: pattern)
        return probe.directoryEntries(directory).filter { wildcardMatch(glob, $0) }.sorted().map { directory + "/" + $0 }
    }

    static func wildcardMatch(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == n.count }
            if p[i] == "*" { return (j...n.count).contains { match(i + 1, $0) } }
            return j < n.count && (p[i] == "?" || p[i] == n[j]) && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}

func endpoint(_ address: String, _ port: Int) -> String {
    address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
}

func hostPart(_ endpoint: String) -> String? {
    if endpoint.hasPrefix("["), let close = endpoint.firstIndex(of: "]") {
        return String(endpoint[endpoint.index(after: endpoint.startIndex)..<close])
    }
    return endpoint.split(separator: ":").first.map(String.init)
}

func isLoopback(_ address: String) -> Bool { address.hasPrefix("127.") || address == "::1" }
