import ArgumentParser
import DVBasics
import DVFlush
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct FlushDNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush-dns",
        abstract: "Show (or run) the commands that clear the DNS caches between you and the authoritative servers.",
        discussion: """
            Without options: detects this machine's caches (on Linux: running Unbound, BIND, dnsmasq, \
            NetworkManager's dnsmasq, systemd-resolved and nscd, from their processes, port-53 sockets, \
            /etc/resolv.conf, nsswitch.conf and NetworkManager's dns= mode) and prints the exact commands in order \
            (nearest the authoritative servers first), the privilege each needs and how to confirm it worked, then \
            the browser pages. --os prints the guidance for another system. --domain also checks the hosts file and \
            asks the local caches that can be asked whether they hold the name. --apply runs the detected commands \
            (argv, no shell) after a confirmation, or with --yes.
            Exit codes: 0 ok, 1 a flush command failed, 2 bad input (or the confirmation was declined or impossible), \
            3 could not run (privileges).
            """)

    @Option(name: .customLong("os"), help: ArgumentHelp("Print the guidance for another system: linux, macos or windows.", valueName: "name"))
    var system: TargetOS?

    @Option(name: .customLong("os-version"), help: ArgumentHelp("With --os macos: the macOS version (e.g. 10.9, 14.5); commands changed over the years.", valueName: "version"))
    var osVersion: String?

    @Option(help: ArgumentHelp("Also check the hosts file for NAME and which local cache holds it now.", valueName: "name"))
    var domain: String?

    @Flag(help: "Run the detected flush commands (asks first unless --yes).")
    var apply = false

    @Flag(name: .shortAndLong, help: "With --apply: do not ask for confirmation.")
    var yes = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let target = system
        if let osVersion {
            guard target == .macos else { throw CLIError.badInput("--os-version is for --os macos (macOS commands depend on the version)") }
            guard osVersion.split(separator: ".").allSatisfy({ Int($0) != nil }), !osVersion.isEmpty else {
                throw CLIError.badInput("--os-version \"\(osVersion)\" is not a version number like 10.9 or 14.5")
            }
        }
        if apply && target != nil {
            throw CLIError.badInput("--apply runs only the commands detected on this machine; drop --os")
        }
        if yes && !apply { throw CLIError.badInput("--yes only makes sense with --apply") }
        let name = try domain.map(Self.normalize)

        let probe = LiveProbe()
        let runner = ProcessRunner()
        var report: FlushReport
        do {
            report = try FlushPlanner.plan(probe: probe, target: target, version: osVersion, domain: name, runner: runner)
        } catch {
            throw CLIError.badInput(error.description)
        }

        guard apply else {
            emit(report)
            return
        }
        let steps = report.runnableSteps
        if steps.isEmpty {
            report.notes.append("--apply: nothing detected that dvtool can run; see the steps above.")
            emit(report)
            return
        }
        let needs = Set(steps.map(\.privilege)).subtracting([.user])
        if !needs.isEmpty && !probe.isPrivileged() {
            emit(report)
            let who = needs.contains(.administrator) ? "an elevated (administrator) prompt" : "root"
            let layers = steps.filter { $0.privilege != .user }.map(\.layer.displayName).uniquedInOrder().joined(separator: ", ")
            var again = ["sudo", "dvtool", "flush-dns", "--apply", "--yes"]
            if let name { again += ["--domain", name] }
            throw CLIError.couldNotCheck("flushing \(layers) needs \(who); nothing was run. Run: \(needs.contains(.administrator) ? "dvtool flush-dns --apply --yes in an elevated prompt" : again.joined(separator: " "))")
        }
        if !yes {
            guard StandardStream.input.isTerminal else {
                throw CLIError.badInput("--apply asks before running \(steps.count) command\(steps.count == 1 ? "" : "s") and stdin is not a terminal: pass --yes")
            }
            if !output.json { Terminal.line(FlushRendering.text(report)) }
            Terminal.flush()
            // The question goes to stderr so stdout stays the report (or the JSON document).
            Terminal.writeError("\nRun these \(steps.count) command\(steps.count == 1 ? "" : "s") now? [y/N] ")
            let answer = readLine()?.trimmingWhitespace().lowercased() ?? ""
            guard answer == "y" || answer == "yes" else { throw CLIError.badInput("not confirmed: nothing was run") }
        }

        report.results = Applier.run(steps, runner: runner)
        if let name, report.cache != nil {
            report.cacheAfter = CacheInspector.inspect(report.layers, domain: name, runner: runner)
        }
        if output.json {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            if yes { Terminal.line(FlushRendering.text(report)) }
            Terminal.line(FlushRendering.results(report))
        }
        if report.results?.contains(where: { !$0.ok }) == true { throw ExitStatus.checkFailed }
    }

    private func emit(_ report: FlushReport) {
        Terminal.line(output.json ? JSONOutput.encode(report, pretty: true) : FlushRendering.text(report))
        Terminal.flush()
    }

    /// A-label, lower case, no trailing dot.
    static func normalize(_ text: String) throws(CLIError) -> String {
        try DomainArgument(text, option: "--domain", allowWildcard: false).ascii
    }
}

enum FlushRendering {
    static func text(_ report: FlushReport) -> String {
        var lines: [String] = []
        let platform = report.platform
        lines.append(Terminal.paint(platform.detected ? "This machine: \(platform.description)" : "Guidance for \(platform.description)", .bold))
        if let resolver = report.resolver {
            let target = resolver.resolvConfTarget.map { " (-> \($0))" } ?? ""
            lines.append("resolv.conf\(target): " + (resolver.nameservers.isEmpty ? "no nameserver" : "nameserver " + resolver.nameservers.joined(separator: ", "))
                         + "; nsswitch hosts: " + (resolver.nsswitchHosts.isEmpty ? "(none)" : resolver.nsswitchHosts.joined(separator: " ")))
        }
        if !report.layers.isEmpty {
            lines.append("")
            lines.append(Terminal.paint("Caches found", .bold) + (platform.os == .linux ? " (nearest the authoritative servers first):" : ":"))
            for layer in report.layers {
                var head = "  " + layer.layer.displayName
                if let pid = layer.pid { head += "  pid \(pid)" }
                if !layer.listens.isEmpty { head += "  " + layer.listens.joined(separator: " ") }
                if !layer.active { head += "  " + Terminal.paint("(not running)", .yellow) }
                else if !layer.caches { head += "  (no cache)" }
                lines.append(head)
                for evidence in layer.evidence { lines.append("      " + Terminal.paint(evidence, .dim)) }
                for warning in layer.warnings { lines.append("      " + Terminal.paint("warning: ", .yellow) + warning) }
            }
        }
        lines.append("")
        lines.append(Terminal.paint("Steps, in order:", .bold))
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
                lines.append(Terminal.paint("Hosts file \(hosts.path) overrides \(hosts.domain)\(order):", .yellow))
                for entry in hosts.entries { lines.append("  line \(entry.line): \(entry.text)") }
                lines.append("  remove or fix these lines; no cache flush changes them")
            }
        }
        if let cache = report.cache { lines += holdings("Cached now", cache) }
        if !report.notes.isEmpty {
            lines.append("")
            lines.append(Terminal.paint("Notes:", .bold))
            for note in report.notes { lines.append("  - " + note) }
        }
        return lines.joined(separator: "\n")
    }

    static func holdings(_ title: String, _ holdings: [CacheHolding]) -> [String] {
        var lines = ["", Terminal.paint("\(title) (\(holdings.isEmpty ? "no cache that can be asked" : "asked each cache")):", .bold)]
        for holding in holdings {
            let verdict: String
            switch holding.holds {
            case true?: verdict = Terminal.paint("holds it", .yellow)
            case false?: verdict = Terminal.paint("not cached", .green)
            case nil: verdict = "unknown"
            }
            let pid = holding.pid.map { " (pid \($0))" } ?? ""
            lines.append("  \(holding.layer.displayName)\(pid): \(verdict): \(holding.detail)")
            for record in holding.records.prefix(10) { lines.append("      " + record) }
        }
        return lines
    }

    static func results(_ report: FlushReport) -> String {
        var lines = ["", Terminal.paint("Applied:", .bold)]
        for result in report.results ?? [] {
            let tag = result.ok ? Terminal.paint("ok  ", .green) : Terminal.paint("FAIL", .red)
            lines.append("  \(tag)  \(ShellQuote.join(result.command)): \(result.message)")
        }
        if let after = report.cacheAfter { lines += holdings("Cached after the flush", after) }
        let failed = (report.results ?? []).filter { !$0.ok }.count
        lines.append("")
        lines.append(failed == 0 ? Terminal.paint("ok", .green) + ": every flush command succeeded"
                                 : Terminal.paint("FAILED", .red) + ": \(failed) flush command\(failed == 1 ? "" : "s") failed (see above)")
        return lines.joined(separator: "\n")
    }
}

private extension Array where Element: Hashable {
    func uniquedInOrder() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
