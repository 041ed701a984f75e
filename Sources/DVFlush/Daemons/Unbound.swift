// Unbound: its config (-c or the default), remote control, interfaces.
import DVBasics

extension LinuxDetector {
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
}

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
