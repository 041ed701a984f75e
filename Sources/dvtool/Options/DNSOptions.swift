import ArgumentParser
import DVBasics
import DVChecks
import DVDomain
import DVDNSSEC

/// Where DNS questions go (the root hints for delegation walks, the recursive resolvers to compare), DNSSEC, and
/// `--timeout` per server (a duration, or seconds): it means one query in every command.
struct DNSOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Root hints in named.root format (default: IANA's root servers).", valueName: "file"))
    var rootHints: String?

    @Option(name: .customLong("resolver"), help: ArgumentHelp("Recursive resolver to ask, ADDR or ADDR:PORT; repeatable; replaces the system and public resolvers.", valueName: "addr[:port]"))
    var resolvers: [String] = []

    @Flag(help: "Leave the public resolvers (1.1.1.1, 8.8.8.8, 9.9.9.9, 223.5.5.5, 119.29.29.29) out.")
    var noPublic = false

    @Flag(help: "Ask only the authoritative servers, no recursive resolver.")
    var noRecursive = false

    @Flag(name: .customShort("4"), help: "Ask the servers' IPv4 addresses only.")
    var ipv4Only = false

    @Flag(name: .customShort("6"), help: "Ask the servers' IPv6 addresses only.")
    var ipv6Only = false

    @Option(help: "UDP sends per server within the timeout.")
    var tries: Int = 2

    @Flag(help: "Ask over TCP from the start (one pipelined connection per server) instead of UDP first.")
    var tcp = false

    @Option(name: .customLong("trust-anchor"), help: ArgumentHelp("DNSSEC trust anchor of the root: DS or DNSKEY records (zone-file form, with or without TTL), Unbound's autotrust file, BIND's trust-anchors clause or IANA's root-anchors.xml (default: \(TrustAnchor.systemFile); with --root-hints, DNSSEC is checked only when this is given).", valueName: "file"))
    var trustAnchor: String?

    @Flag(name: .customLong("no-dnssec"), help: "Leave the DNSSEC validation out (CAs do not: a bogus name fails there).")
    var noDNSSEC = false

    @Option(help: ArgumentHelp("How long to wait for one server, retries included: a duration (3s, 1.5s, 1m) or seconds (default: \(DNSOptions.defaultTimeout)).", valueName: "duration"),
            transform: TypedDuration.timeoutArgument)
    var timeout: TypedDuration = DNSOptions.defaultTimeout

    static let defaultTimeout = TypedDuration(seconds: 3)

    func validate() throws {
        guard (1...10).contains(tries) else { throw ValidationError("--tries must be between 1 and 10, got \(tries)") }
        for resolver in resolvers where ServerAddress(parsing: resolver) == nil {
            throw ValidationError("--resolver \"\(resolver)\" is not an IP address with an optional port (e.g. 127.0.0.1:5353 or [::1]:53)")
        }
        guard !(ipv4Only && ipv6Only) else { throw ValidationError("-4 and -6 exclude each other: give one, or neither for both families") }
        try timeout.check("--timeout", atMost: DNSSettings.longestTimeout)
    }

    /// What these options say.
    var settings: DNSSettings {
        var settings = DNSSettings()
        settings.rootHintsPath = rootHints
        settings.resolvers = resolvers.compactMap { ServerAddress(parsing: $0) }
        settings.includePublic = !noPublic
        settings.askResolvers = !noRecursive
        settings.timeout = timeout.duration
        settings.attempts = tries
        settings.overTCP = tcp
        settings.addressFamilies = ipv4Only ? .ipv4Only : ipv6Only ? .ipv6Only : .both
        settings.trustAnchorPath = trustAnchor
        settings.validateDNSSEC = !noDNSSEC
        return settings
    }
}
