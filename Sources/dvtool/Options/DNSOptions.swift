import ArgumentParser
import DVDNS
import DVDNSSEC

/// Where DNS questions go: the root hints for delegation walks and the recursive resolvers to compare.
struct DNSServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Root hints in named.root format (default: IANA's root servers).", valueName: "file"))
    var rootHints: String?

    @Option(name: .customLong("resolver"), help: ArgumentHelp(
        "Recursive resolver to ask, ADDR or ADDR:PORT; repeatable; replaces the system and public resolvers.",
        valueName: "addr[:port]"))
    var resolvers: [String] = []

    @Flag(help: "Leave the public resolvers (1.1.1.1, 8.8.8.8, 9.9.9.9, 223.5.5.5, 119.29.29.29) out.")
    var noPublic = false

    @Flag(help: "Ask only the authoritative servers, no recursive resolver.")
    var noRecursive = false

    @Option(help: "UDP sends per server within the timeout.")
    var tries: Int = 2

    @Flag(help: "Ask over TCP from the start (one pipelined connection per server) instead of UDP first.")
    var tcp = false

    @Option(name: .customLong("trust-anchor"), help: ArgumentHelp(
        "DNSSEC trust anchor: DS or DNSKEY records of the root in zone-file format (default: \(TrustAnchor.systemFile); with --root-hints, DNSSEC is checked only when this is given).",
        valueName: "file"))
    var trustAnchor: String?

    @Flag(name: .customLong("no-dnssec"), help: "Leave the DNSSEC validation out (CAs do not: a bogus name fails there).")
    var noDNSSEC = false

    func validate() throws {
        guard (1...10).contains(tries) else { throw ValidationError("--tries must be between 1 and 10, got \(tries)") }
        for resolver in resolvers where ServerAddress(parsing: resolver) == nil {
            throw ValidationError("--resolver \"\(resolver)\" is not an IP address with an optional port (e.g. 127.0.0.1:5353 or [::1]:53)")
        }
    }

    func policy(timeout seconds: Double) -> QueryPolicy {
        QueryPolicy(timeout: .milliseconds(Int64(seconds * 1000)), attempts: tries, overTCP: tcp)
    }

    /// The resolvers to compare: --resolver, else the system's plus (unless --no-public) the public set.
    func recursiveResolvers() -> [ServerAddress] {
        if noRecursive { return [] }
        if !resolvers.isEmpty { return resolvers.compactMap { ServerAddress(parsing: $0) } }
        return SystemResolvers.withPublic(!noPublic)
    }

    /// The anchor DNSSEC is validated from, or nil when it is left out: by --no-dnssec, or because a private root
    /// (--root-hints) cannot be validated from the IANA root's key. `dnssec` itself always validates.
    func loadTrustAnchor(_ use: DNSSECUse) throws(CLIError) -> TrustAnchor? {
        if use == .off || (use == .ifAsked && (noDNSSEC || (trustAnchor == nil && rootHints != nil))) { return nil }
        do { return try TrustAnchor(file: trustAnchor ?? TrustAnchor.systemFile) } catch {
            throw .badInput(error.description + "; install dns-root-data or give --trust-anchor FILE"
                            + (use == .required ? "" : " (or leave DNSSEC out with --no-dnssec)"))
        }
    }

    func loadRootHints() throws(DNSError) -> RootHints {
        guard let rootHints else { return .iana }
        return try RootHints.load(path: rootHints)
    }
}

/// Whether a command validates DNSSEC: `dnssec` always; resolve, txt, caa and doctor unless told not to (or
/// given a private root without its anchor); bulk `resolve --from` never (a chain per name would multiply the load).
enum DNSSECUse { case required, ifAsked, off }

/// The server options plus `--timeout` in seconds per server: for commands whose --timeout means one query.
struct DNSOptions: ParsableArguments {
    @OptionGroup var servers: DNSServerOptions

    @Option(help: ArgumentHelp("Seconds to wait for one server, retries included.", valueName: "seconds"))
    var timeout: Double = DNSOptions.defaultTimeout

    static let defaultTimeout = 3.0

    func validate() throws {
        guard timeout > 0, timeout <= 120 else {
            throw ValidationError("--timeout must be between 0 and 120 seconds, got \(timeout)")
        }
    }

    var policy: QueryPolicy { servers.policy(timeout: timeout) }
    func recursiveResolvers() -> [ServerAddress] { servers.recursiveResolvers() }
    func loadRootHints() throws(DNSError) -> RootHints { try servers.loadRootHints() }
}
