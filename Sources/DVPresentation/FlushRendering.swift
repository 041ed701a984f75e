import DVFlush

/// `flush-dns`'s document: the caches found, the steps in order, the hosts file, what the caches hold, and the results of --apply.
public enum FlushRendering {
    public static func document(_ report: FlushReport) -> Document {
        var lines: [Styled] = []
        let platform = report.platform
        lines.append(Styled(platform.detected ? "This machine: \(platform.description)" : "Guidance for \(platform.description)", .strong))
        if let resolver = report.resolver {
            let target = resolver.resolvConfTarget.map { " (-> \($0))" } ?? ""
            lines.append(Styled("resolv.conf\(target): " + (resolver.nameservers.isEmpty ? "no nameserver" : "nameserver " + resolver.nameservers.joined(separator: ", "))
                         + "; nsswitch hosts: " + (resolver.nsswitchHosts.isEmpty ? "(none)" : resolver.nsswitchHosts.joined(separator: " "))))
        }
        if !report.layers.isEmpty {
            lines.append("")
            lines.append(Styled("Caches found", .strong) + (platform.os == .linux ? " (nearest the authoritative servers first):" : ":"))
            for layer in report.layers {
                var head = Styled("  " + layer.layer.displayName)
                if let pid = layer.pid { head += "  pid \(pid)" }
                if !layer.listens.isEmpty { head += "  " + layer.listens.joined(separator: " ") }
                if !layer.active { head += "  " + Styled("(not running)", .caution) }
                else if !layer.caches { head += "  (no cache)" }
                lines.append(head)
                for evidence in layer.evidence { lines.append("      " + Styled(evidence, .faint)) }
                for warning in layer.warnings { lines.append("      " + Styled("warning: ", .caution) + warning) }
            }
        }
        lines.append("")
        lines.append(Styled("Steps, in order:", .strong))
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
            lines.append("\(prefix) \(step.action)\(marker)  [\(privilege)]" as Styled)
            lines.append(Styled("        \(step.layer.displayName)" + (step.note.map { ": " + $0 } ?? "")))
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
                lines.append(Styled("Hosts file \(hosts.path) overrides \(hosts.domain)\(order):", .caution))
                for entry in hosts.entries { lines.append("  line \(entry.line): \(entry.text)") }
                lines.append("  remove or fix these lines; no cache flush changes them")
            }
        }
        if let cache = report.cache { lines += holdings("Cached now", cache) }
        if !report.notes.isEmpty {
            lines.append("")
            lines.append(Styled("Notes:", .strong))
            for note in report.notes { lines.append(Styled("  - " + note)) }
        }
        return Document(blocks: lines.map(Block.line))
    }

    private static func holdings(_ title: String, _ holdings: [CacheHolding]) -> [Styled] {
        var lines: [Styled] = ["", Styled("\(title) (\(holdings.isEmpty ? "no cache that can be asked" : "asked each cache")):", .strong)]
        for holding in holdings {
            let verdict: Styled
            switch holding.holds {
            case true?: verdict = Styled("holds it", .caution)
            case false?: verdict = Styled("not cached", .good)
            case nil: verdict = "unknown"
            }
            let pid = holding.pid.map { " (pid \($0))" } ?? ""
            lines.append("  \(holding.layer.displayName)\(pid): \(verdict): \(holding.detail)")
            for record in holding.records.prefix(10) { lines.append(Styled("      " + record)) }
        }
        return lines
    }

    public static func results(_ report: FlushReport) -> Document {
        var lines: [Styled] = ["", Styled("Applied:", .strong)]
        for result in report.results ?? [] {
            let tag = result.ok ? Styled("ok  ", .good) : Styled("FAIL", .bad)
            lines.append("  \(tag)  \(ShellQuote.join(result.command)): \(result.message)")
        }
        if let after = report.cacheAfter { lines += holdings("Cached after the flush", after) }
        let failed = (report.results ?? []).filter { !$0.ok }.count
        lines.append("")
        lines.append(failed == 0 ? Styled("ok", .good) + ": every flush command succeeded"
                                 : Styled("FAILED", .bad) + ": \(failed) flush command\(failed == 1 ? "" : "s") failed (see above)")
        return Document(blocks: lines.map(Block.line))
    }
}
