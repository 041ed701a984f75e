// BIND (named): the instance rndc must reach.
extension LinuxDetector {
    func bind(_ process: RunningProcess) -> DetectedLayer {
        var layer = DetectedLayer(layer: .bind, active: true, pid: process.pid,
                                  config: process.value(short: "c") ?? "/etc/bind/named.conf",
                                  evidence: ["process \(process.pid): \(process.commandLine)"])
        if layer.config != "/etc/bind/named.conf" {
            layer.warnings.append("named runs with -c \(layer.config!): rndc must use the key and control channel of that instance (rndc -c / -s / -p)")
        }
        return layer
    }
}
