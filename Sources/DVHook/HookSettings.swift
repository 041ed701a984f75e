import DVBasics
import DVCAA
import DVChecks
import DVDomain
import DVToken
import DVTXT

/// A hook's settings: flags first, then the DVTOOL_* variables (hooks are started by the client, which passes
/// no flags of its own), then the defaults. An empty variable is as good as none.
public struct HookSettings: Sendable {
    public var dns: DNSSettings
    public var ca: CertificateAuthority?
    public var waitTimeout: TypedDuration
    /// dns-account-01: the label of the account URL (`--account-url`, DVTOOL_ACCOUNT_URL); nil for dns-01.
    public var accountLabel: String?

    public static let defaultWaitTimeout = TypedDuration(seconds: 600)

    /// - Parameters:
    ///   - flags: what the command line said about DNS; `timeoutGiven` whether it named the per-server timeout.
    ///   - ca, waitTimeout, accountURL: the flags, nil when not given.
    public init(flags: DNSSettings, timeoutGiven: Bool, ca: String?, waitTimeout: TypedDuration?, accountURL: String? = nil,
                environment: [String: String]) throws(HookError) {
        let variable = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        dns = flags
        if dns.resolvers.isEmpty, let list = variable("DVTOOL_RESOLVER") {
            for text in list.split(separator: ",").map({ String($0).trimmingWhitespace() }) {
                guard let resolver = ServerAddress(parsing: text) else {
                    throw HookError(.badInput, "DVTOOL_RESOLVER: \"\(text)\" is not an IP address with an optional port (e.g. 127.0.0.1:5353)")
                }
                dns.resolvers.append(resolver)
            }
        }
        dns.rootHintsPath = dns.rootHintsPath ?? variable("DVTOOL_ROOT_HINTS")
        if variable("DVTOOL_CONNECT_RESERVED") == "1" { dns.connectToReservedAddresses = true }
        dns.trustAnchorPath = dns.trustAnchorPath ?? variable("DVTOOL_TRUST_ANCHOR")
        if !timeoutGiven, let text = variable("DVTOOL_TIMEOUT") {
            guard let timeout = TypedDuration(parsing: text, allowingZero: true) else {
                throw HookError(.badInput, "DVTOOL_TIMEOUT: \"\(text)\" is not a duration (e.g. 3s, 1.5s, 1m) or a number of seconds")
            }
            if let problem = timeout.outOfRange(for: "DVTOOL_TIMEOUT", atMost: DNSSettings.longestTimeout) { throw HookError(.badInput, problem) }
            dns.timeout = timeout.duration
        }
        if let waitTimeout {
            self.waitTimeout = waitTimeout
        } else if let text = variable("DVTOOL_WAIT_TIMEOUT") {
            guard let parsed = TypedDuration(parsing: text) else {
                throw HookError(.badInput, "DVTOOL_WAIT_TIMEOUT: \"\(text)\" is not a duration (e.g. 90s, 10m)")
            }
            self.waitTimeout = parsed
        } else {
            self.waitTimeout = Self.defaultWaitTimeout
        }
        do { self.ca = try (ca ?? variable("DVTOOL_CA")).map(CertificateAuthority.init(named:)) } catch {
            throw HookError(.badInput, error.description)
        }
        if let url = accountURL ?? variable("DVTOOL_ACCOUNT_URL") {
            do { accountLabel = try ACMEAccountURL(url).dnsAccountLabel() } catch {
                throw HookError(.badInput, "\(accountURL != nil ? "--account-url" : "DVTOOL_ACCOUNT_URL"): \(error.description)")
            }
        }
    }
}

extension HookRunner {
    /// A runner on a check context: the gate on its TXT and CAA checkers with `settings`, http-01 tokens written
    /// under `webroot` or into dvtool's token store, the provider from `provider` or DVTOOL_HOOK_RUN, the per-order
    /// state under DVTOOL_STATE_DIR.
    public init(client: ACMEClient, provider: String?, settings: HookSettings, interval: Duration, webroot: String?,
                context: CheckContext, environment: [String: String]) {
        let gate = DNSGate(txt: context.txtChecker, caa: context.caaChecker,
                           settings: DNSGate.Settings(ca: settings.ca, waitTimeout: settings.waitTimeout.duration, interval: interval))
        let http = HTTPPublishing(target: webroot.map { .webroot($0) } ?? .tokenStore(TokenStore.defaultPath()),
                                  connections: context.httpConnections)
        self.init(client: client, provider: provider ?? environment["DVTOOL_HOOK_RUN"],
                  stateDirectory: HookState.directory(environment: environment), gate: gate, http: http)
    }
}
