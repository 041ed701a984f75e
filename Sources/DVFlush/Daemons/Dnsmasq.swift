// dnsmasq, alone or started by NetworkManager: listen addresses, upstreams, --cache-size.
extension LinuxDetector {
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
}
