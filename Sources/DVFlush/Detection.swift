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

        /// The daemon's UDP sockets on `port` (its own pid's), then whether resolv.conf points at it.
        func withSockets(_ detected: DetectedLayer, port: Int) -> DetectedLayer {
            var layer = detected
            let inodes = probe.socketInodes(pid: layer.pid ?? 0)
            let found = inodes.isEmpty ? [] : unique(sockets.filter { inodes.contains($0.inode) && $0.port == port }.map { endpoint($0.address, $0.port) })
            if !found.isEmpty {
                layer.listens = found
                layer.evidence.append("UDP sockets held by pid \(layer.pid ?? 0): \(found.joined(separator: ", "))")
            }
            markResolvConf(&layer, resolver: resolver)
            return layer
        }

        for process in processes {
            switch process.name {
            case "unbound": layers.append(withSockets(unbound(process), port: 53))
            case "dnsmasq": layers.append(withSockets(dnsmasq(process), port: Int(process.value(short: "p", long: "port") ?? "") ?? 53))
            case "nscd": layers.append(nscd(process))
            case "named": layers.append(withSockets(bind(process), port: Int(process.value(short: "p") ?? "") ?? 53))
            case "systemd-resolved": layers.append(systemdResolved(process, sockets: sockets, resolver: resolver))
            default: break
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

    /// Whether /etc/resolv.conf sends lookups to the layer's listeners, as evidence either way.
    func markResolvConf(_ layer: inout DetectedLayer, resolver: ResolverConfiguration) {
        let hosts = layer.listens.compactMap { hostPart($0) }
        if let hit = resolver.nameservers.first(where: { hosts.contains($0) }) {
            layer.inResolvConf = true
            layer.evidence.append("/etc/resolv.conf sends lookups to it (nameserver \(hit))")
        } else if !layer.listens.isEmpty {
            let named = resolver.nameservers.isEmpty ? "no nameserver" : "nameserver " + resolver.nameservers.joined(separator: ", ")
            layer.evidence.append("not in /etc/resolv.conf (\(named)): used by clients and forwarders that ask it directly")
        }
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
