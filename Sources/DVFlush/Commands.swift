import FoundationEssentials
import DVBasics
import DVProcess
import Glibc

// MARK: - Which local cache holds a name

/// What one cache says about a name.
public struct CacheHolding: Codable, Sendable, Equatable {
    public var layer: CachingLayer
    public var pid: Int?
    /// The command dvtool ran to ask, empty when it could not ask.
    public var asked: [String]
    /// true: cached; false: not cached; nil: could not tell.
    public var holds: Bool?
    /// The cached records (or the line that says so).
    public var records: [String]
    public var detail: String
}

public enum CacheInspector {
    /// Asks each running layer that can be asked whether it holds `domain` (or names below it).
    public static func inspect(_ layers: [DetectedLayer], domain: String, runner: any CommandRunner) -> [CacheHolding] {
        layers.filter(\.active).map { layer in
            switch layer.layer {
            case .unbound:
                guard layer.controlEnabled != false else {
                    return CacheHolding(layer: .unbound, pid: layer.pid, asked: [], holds: nil, records: [],
                                        detail: "remote control is off: cannot dump its cache")
                }
                var command = ["unbound-control"]
                if let config = layer.config, config != "/etc/unbound/unbound.conf" { command += ["-c", config] }
                command.append("dump_cache")
                let output = runner.run(command, timeout: 30)
                guard output.succeeded else {
                    return CacheHolding(layer: .unbound, pid: layer.pid, asked: command, holds: nil, records: [],
                                        detail: "could not ask: " + firstLine(output))
                }
                return unboundHolding(dump: output.stdout, domain: domain, pid: layer.pid, asked: command)
            case .systemdResolved:
                let command = ["resolvectl", "query", "--legend=yes", domain]
                let output = runner.run(command, timeout: 15)
                let source = output.stdout.split(whereSeparator: \.isNewline).first { $0.contains("Data from:") }
                    .map { $0.trimming { "- ".contains($0) || ($0.isWhitespace && !$0.isNewline) } }
                guard let source else {
                    return CacheHolding(layer: .systemdResolved, pid: layer.pid, asked: command, holds: nil, records: [],
                                        detail: output.succeeded ? "resolvectl did not say where the answer came from (systemd < 249?)"
                                                                 : "could not ask: " + firstLine(output))
                }
                let answers = output.stdout.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("--") && !$0.isEmpty }
                return CacheHolding(layer: .systemdResolved, pid: layer.pid, asked: command, holds: source.contains("cache"),
                                    records: answers, detail: source + " (this query itself fills the cache when the name was not in it)")
            case .dnsmasq, .networkManagerDnsmasq:
                return CacheHolding(layer: layer.layer, pid: layer.pid, asked: [], holds: nil, records: [],
                                    detail: "dnsmasq writes its cache only to its log (SIGUSR1 with --log-queries): not asked")
            case .nscd:
                return CacheHolding(layer: .nscd, pid: layer.pid, asked: [], holds: nil, records: [],
                                    detail: "nscd has no per-name query (nscd -g prints counters only): not asked")
            case .bind:
                return CacheHolding(layer: .bind, pid: layer.pid, asked: [], holds: nil, records: [],
                                    detail: "ask it with dig +norecurse @\(layer.listens.first.flatMap(hostPart) ?? "SERVER") \(domain), or rndc dumpdb -cache: not asked")
            default:
                return CacheHolding(layer: layer.layer, pid: layer.pid, asked: [], holds: nil, records: [], detail: "not asked")
            }
        }
    }

    /// Reads `unbound-control dump_cache`: RRset lines whose owner is the name or below it, and message-cache
    /// entries (`msg NAME. IN TYPE …`) for it, which are all a negative answer leaves behind.
    public static func unboundHolding(dump: String, domain: String, pid: Int?, asked: [String]) -> CacheHolding {
        let name = HostsFile.normalize(domain) + "."
        func matches(_ owner: Substring) -> Bool {
            let lowered = owner.lowercased()
            return lowered == name || lowered.hasSuffix("." + name)
        }
        var records: [String] = [], messages: [String] = []
        var section = ""
        for line in dump.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("START_") || line.hasPrefix("END_") { section = String(line); continue }
            if line.hasPrefix(";") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first else { continue }
            if section == "START_RRSET_CACHE", matches(first) {
                records.append(fields.joined(separator: " "))
            } else if section == "START_MSG_CACHE", first == "msg", fields.count > 3, matches(fields[1]) {
                messages.append("\(fields[1]) \(fields[3])")
            }
        }
        let holds = !records.isEmpty || !messages.isEmpty
        let detail: String
        if !records.isEmpty {
            detail = "\(records.count) cached record\(records.count == 1 ? "" : "s") at or below \(name)"
        } else if !messages.isEmpty {
            detail = "a cached answer without records (negative: NXDOMAIN/NODATA) for \(messages.joined(separator: ", "))"
        } else {
            detail = "nothing cached at or below \(name)"
        }
        return CacheHolding(layer: .unbound, pid: pid, asked: asked, holds: holds, records: Array(records.prefix(20)), detail: detail)
    }

    static func firstLine(_ output: CommandOutput) -> String {
        let text = [output.stderr, output.stdout].first { !$0.trimmingWhitespace(includingNewlines: true).isEmpty } ?? ""
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? "exit status \(output.status)" : line
    }
}

// MARK: - --apply

public struct StepResult: Codable, Sendable, Equatable {
    public var layer: CachingLayer
    public var command: [String]
    public var ok: Bool
    public var status: Int32?
    /// The first lines the command printed, or why it could not run.
    public var message: String
}

public enum Applier {
    /// Runs the runnable flush steps in order; keeps going after a failure so every result is reported.
    public static func run(_ steps: [FlushStep], runner: any CommandRunner, timeout: TimeInterval = 30) -> [StepResult] {
        steps.filter(\.runnable).map { step in
            let output = runner.run(step.command, timeout: timeout)
            let text = [output.stdout, output.stderr].joined(separator: "\n")
                .split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                .prefix(3).joined(separator: " / ")
            let message: String
            if !output.launched { message = output.stderr }
            else if output.timedOut { message = "timed out after \(Int(timeout)) s" }
            else if output.status == 0 { message = text.isEmpty ? "ok" : text }
            else { message = "exit status \(output.status)" + (text.isEmpty ? "" : ": " + text) }
            return StepResult(layer: step.layer, command: step.command, ok: output.succeeded,
                              status: output.launched ? output.status : nil, message: message)
        }
    }
}
