import DVBasics
import DVDNS
import DVHook
import DVPresentation
import DVTXT

/// A hook's settings: flags first, then the DVTOOL_* variables (hooks are started by the client, which passes
/// no flags of its own), then the defaults.
struct HookEnvironment {
    var servers: DNSServerOptions
    var timeout: Double
    var ca: CertificateAuthority?
    var waitTimeout: DurationArgument

    init(_ environment: [String: String], ca flag: String?, waitTimeout: DurationArgument?, interval: DurationArgument,
         dns: DNSOptions) throws(CLIError) {
        // An empty variable is as good as none.
        let variable = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        servers = dns.servers
        if servers.resolvers.isEmpty, let list = variable("DVTOOL_RESOLVER") {
            servers.resolvers = list.split(separator: ",").map { String($0).trimmingWhitespace() }
            for resolver in servers.resolvers where ServerAddress(parsing: resolver) == nil {
                throw .badInput("DVTOOL_RESOLVER: \"\(resolver)\" is not an IP address with an optional port (e.g. 127.0.0.1:5353)")
            }
        }
        servers.rootHints = servers.rootHints ?? variable("DVTOOL_ROOT_HINTS")
        servers.trustAnchor = servers.trustAnchor ?? variable("DVTOOL_TRUST_ANCHOR")
        timeout = dns.timeout
        if dns.timeout == DNSOptions.defaultTimeout, let text = variable("DVTOOL_TIMEOUT") {
            guard let seconds = Double(text), seconds > 0, seconds <= 120 else {
                throw .badInput("DVTOOL_TIMEOUT: \"\(text)\" is not a number of seconds between 0 and 120")
            }
            timeout = seconds
        }
        if let waitTimeout {
            self.waitTimeout = waitTimeout
        } else if let text = variable("DVTOOL_WAIT_TIMEOUT") {
            guard let parsed = DurationArgument(argument: text) else {
                throw .badInput("DVTOOL_WAIT_TIMEOUT: \"\(text)\" is not a duration (e.g. 90s, 10m)")
            }
            self.waitTimeout = parsed
        } else {
            self.waitTimeout = DurationArgument(seconds: 600)
        }
        guard interval.seconds >= 0.2 else { throw .badInput("--interval must be at least 0.2 s") }
        ca = try (flag ?? variable("DVTOOL_CA")).map(CAAOptions.authority(named:))
    }
}

/// What a hook call prints: the provider's own output unchanged, then the gate's verdict on stderr (where every
/// client shows or logs it), or JSON on stdout.
enum HookOutput {
    static func print(_ outcome: HookOutcome, json: Bool, stopCertbot: Bool) {
        if let provider = outcome.provider {
            if !provider.stdout.isEmpty { Terminal.line(provider.stdout.trimmingWhitespace(includingNewlines: true)) }
            if !provider.stderr.isEmpty { Terminal.report(provider.stderr.trimmingWhitespace(includingNewlines: true)) }
            if !provider.succeeded {
                Terminal.error("the provider command failed (exit \(provider.status)\(provider.timedOut ? ", timed out" : "")): nothing was checked")
            }
        }
        if json, let gate = outcome.gate { Terminal.line(JSONOutput.encode(gate, pretty: true)) }
        if json, let http = outcome.http { Terminal.line(JSONOutput.encode(http, pretty: true)) }
        let verdict = [outcome.gate.map(HookRendering.text), outcome.http.map(HookRendering.text)].compactMap { $0 }.joined(separator: "\n")
        if !verdict.isEmpty { Terminal.report(verdict) }
        if let count = outcome.deferred {
            Terminal.report("dvtool gate: \(count) record(s) of this order kept; the gate runs after the last challenge")
        }
        if stopCertbot && outcome.exitCode != 0 {
            Terminal.report("dvtool gate: " + CertbotStop.terminateAncestor(report: verdict))
        }
        Terminal.flush()
    }
}
