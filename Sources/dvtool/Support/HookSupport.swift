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
        servers = dns.servers
        if servers.resolvers.isEmpty, let list = environment["DVTOOL_RESOLVER"], !list.isEmpty {
            servers.resolvers = list.split(separator: ",").map { String($0).trimmingWhitespace() }
            for resolver in servers.resolvers where ServerAddress(parsing: resolver) == nil {
                throw .badInput("DVTOOL_RESOLVER: \"\(resolver)\" is not an IP address with an optional port (e.g. 127.0.0.1:5353)")
            }
        }
        servers.rootHints = servers.rootHints ?? environment["DVTOOL_ROOT_HINTS"].flatMap { $0.isEmpty ? nil : $0 }
        servers.trustAnchor = servers.trustAnchor ?? environment["DVTOOL_TRUST_ANCHOR"].flatMap { $0.isEmpty ? nil : $0 }
        timeout = dns.timeout
        if dns.timeout == 3, let text = environment["DVTOOL_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds > 0, seconds <= 120 else {
                throw .badInput("DVTOOL_TIMEOUT: \"\(text)\" is not a number of seconds between 0 and 120")
            }
            timeout = seconds
        }
        if let text = waitTimeout?.description ?? environment["DVTOOL_WAIT_TIMEOUT"], let parsed = waitTimeout ?? DurationArgument(argument: text) {
            self.waitTimeout = parsed
        } else if let text = environment["DVTOOL_WAIT_TIMEOUT"], !text.isEmpty {
            throw .badInput("DVTOOL_WAIT_TIMEOUT: \"\(text)\" is not a duration (e.g. 90s, 10m)")
        } else {
            self.waitTimeout = DurationArgument(seconds: 600)
        }
        guard interval.seconds >= 0.2 else { throw .badInput("--interval must be at least 0.2 s") }
        if let name = flag ?? environment["DVTOOL_CA"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let authority = CertificateAuthority(parsing: name) else {
                throw .badInput("unknown CA \"\(name)\": use letsencrypt, digicert, sectigo, globalsign, google, zerossl, buypass, or the CA's issuer domain")
            }
            ca = authority
        }
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
