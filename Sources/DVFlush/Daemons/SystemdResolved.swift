// systemd-resolved: its stub listener, resolv.conf's link and nss-resolve.
import DVBasics

extension LinuxDetector {
    func systemdResolved(_ process: RunningProcess, sockets: [UDPSocket], resolver: ResolverConfiguration) -> DetectedLayer {
        var layer = DetectedLayer(layer: .systemdResolved, active: true, pid: process.pid,
                                  evidence: ["process \(process.pid): \(process.commandLine)"])
        let stub = sockets.filter { $0.port == 53 && ($0.address == "127.0.0.53" || $0.address == "127.0.0.54") }
        layer.listens = unique(stub.map { endpoint($0.address, $0.port) })
        if !layer.listens.isEmpty { layer.evidence.append("stub listener on \(layer.listens.joined(separator: ", "))") }
        markResolvConf(&layer, resolver: resolver)
        if let target = resolver.resolvConfTarget, Self.resolvedStubTargets.contains(target) {
            layer.evidence.append("/etc/resolv.conf -> \(target)")
        }
        if resolver.nsswitchHosts.contains("resolve") {
            layer.evidence.append("nsswitch.conf hosts: uses nss-resolve (\(resolver.nsswitchHosts.joined(separator: " ")))")
        }
        return layer
    }
}
