// nscd: whether its hosts cache is enabled.
extension LinuxDetector {
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
}
