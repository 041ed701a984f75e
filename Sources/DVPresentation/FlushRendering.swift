import DVFlush

/// `flush-dns`'s text: the caches found, the steps in order, the hosts file, what the caches hold, and the results of --apply.
public enum FlushRendering {
    public static func text(_ report: FlushReport) -> String {
        var lines: [String] = []
        let platform = report.platform
        lines.append(ANSIStyle.paint(platform.detected ? "This machine: \(platform.description)" : "Guidance for \(platform.description)", .bold))
        if let resolver = report.resolver {
            let target = resolver.resolvConfTarget.map { " (-> \($0))" } ?? ""
            lines.append("resolv.conf\(target): " + (resolver.nameservers.isEmpty ? "no nameserver" : "nameserver " + resolver.nameservers.joined(separator: ", "))
                         + "; nsswitch hosts: " + (resolver.nsswitchHosts.isEmpty ? "(none)" : resolver.nsswitchHosts.joined(separator: " ")))
        }
        if !report.layers.isEmpty {
            lines.append("")
            lines.append(ANSIStyle.paint("Caches found", .bold) + (platform.os == .linux ? " (nearest the authoritative servers first):" : ":"))
            for layer in report.layers {
                var head = "  " + layer.layer.displayName
                if let pid = layer.pid { head += "  pid \(pid)" }
                if !layer.listens.isEmpty { head += "  " + layer.listens.joined(separator: " ") }
                if !layer.active { head += "  " + ANSIStyle.paint("(not running)", .yellow) }
                else if !layer.caches { head += "  (no cache)" }
                lines.append(head)
                for evidence in layer.evidence { lines.append("      " + ANSIStyle.paint(evidence, .dim)) }
                for warning in layer.warnings { lines.append("      " + ANSIStyle.paint("warning: ", .yellow) + warning) }
            }
        }
        lines.append("")
        lines.append(ANSIStyle.paint("Steps, in order:", .bold))
        var number = 0
        for step in report.steps {
            let privilege: String
            switch step.privilege {
            case .user: privilege = "any user"
            case .root: privilege = "root"
            case .administrator: privilege = "administrator"
            }
            let prefix: String
            if step.kind == .alternative { prefix = "   or" } else { number += 1; prefix = String(repeating: " ", count: max(0, 4 - String(number).count)) + "\(number)." }
            let marker = step.kind == .manual ? " (by hand)" : ""
            lines.append("\(prefix) \(step.action)\(marker)  [\(privilege)]")
            lines.append("        \(step.layer.displayName)" + (step.note.map { ": " + $0 } ?? ""))
            lines.append("        confirm: \(step.confirm)")
        }
        if let hosts = report.hosts {
            lines.append("")
            if !hosts.checked {
                lines.append("Hosts file \(hosts.path): look for a line naming \(hosts.domain); it overrides DNS and no flush changes it")
            } else if !hosts.readable {
                lines.append("Hosts file \(hosts.path): cannot read it")
            } else if hosts.entries.isEmpty {
                lines.append("Hosts file \(hosts.path): no entry for \(hosts.domain)")
            } else {
                let order = hosts.consultedFirst == false ? " (nsswitch asks DNS first)" : " (it wins over DNS)"
                lines.append(ANSIStyle.paint("Hosts file \(hosts.path) overrides \(hosts.domain)\(order):", .yellow))
                for entry in hosts.entries { lines.append("  line \(entry.line): \(entry.text)") }
                lines.append("  remove or fix these lines; no cache flush changes them")
            }
        }
        if let cache = report.cache { lines += holdings("Cached now", cache) }
        if !report.notes.isEmpty {
            lines.append("")
            lines.append(ANSIStyle.paint("Notes:", .bold))
            for note in report.notes { lines.append("  - " + note) }
        }
        return lines.joined(separator: "\n")
    }

    private static func holdings(_ title: String, _ holdings: [CacheHolding]) -> [String] {
        var lines = ["", ANSIStyle.paint("\(title) (\(holdings.isEmpty ? "no cache that can be asked" : "asked each cache")):", .bold)]
        for holding in holdings {
            let verdict: String
            switch holding.holds {
            case true?: verdict = ANSIStyle.paint("holds it", .yellow)
            case false?: verdict = ANSIStyle.paint("not cached", .green)
            case nil: verdict = "unknown"
            }
            let pid = holding.pid.map { " (pid \($0))" } ?? ""
            lines.append("  \(holding.layer.displayName)\(pid): \(verdict): \(holding.detail)")
            for record in holding.records.prefix(10) { lines.append("      " + record) }
        }
        return lines
    }

    public static func results(_ report: FlushReport) -> String {
        var lines = ["", ANSIStyle.paint("Applied:", .bold)]
        for result in report.results ?? [] {
            let tag = result.ok ? ANSIStyle.paint("ok  ", .green) : ANSIStyle.paint("FAIL", .red)
            lines.append("  \(tag)  \(ShellQuote.join(result.command)): \(result.message)")
        }
        if let after = report.cacheAfter { lines += holdings("Cached after the flush", after) }
        let failed = (report.results ?? []).filter { !$0.ok }.count
        lines.append("")
        lines.append(failed == 0 ? ANSIStyle.paint("ok", .green) + ": every flush command succeeded"
                                 : ANSIStyle.paint("FAILED", .red) + ": \(failed) flush command\(failed == 1 ? "" : "s") failed (see above)")
        return lines.joined(separator: "\n")
    }
}
