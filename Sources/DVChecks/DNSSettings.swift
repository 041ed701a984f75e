import DVBasics
import DVDNS
import DVDNSSEC

/// Where DNS questions go and how long each may take, as plain values: what the command line's DNS options say,
/// or a hook's DVTOOL_* variables (`HookSettings`).
public struct DNSSettings: Sendable {
    /// Root hints in named.root format; nil: IANA's root servers.
    public var rootHintsPath: String?
    /// Connect to reserved addresses (private, loopback, …) as a CA in a private world does (Pebble, a lab
    /// Boulder); public CAs never do. Own root hints imply it: see `reservedAddresses`.
    public var connectToReservedAddresses = false
    /// The recursive resolvers to compare; empty: the system's, plus the public set unless `includePublic` is false.
    public var resolvers: [ServerAddress] = []
    public var includePublic = true
    /// False: ask only the authoritative servers.
    public var askResolvers = true
    /// The budget for one question to one server, retries included.
    public var timeout: Duration = .seconds(3)
    /// The longest `timeout` a user may set (`--timeout`, DVTOOL_TIMEOUT): beyond it a dead server looks like a hang.
    public static let longestTimeout = TypedDuration(seconds: 120)
    public var attempts = 2
    public var overTCP = false
    /// Which address families of the servers are asked (`-4`, `-6`); addresses this machine has no route to are
    /// never asked, and reports say so.
    public var addressFamilies: AddressFamilies = .both
    /// The root's trust-anchor file (any form `TrustAnchor` reads); nil: the system's file.
    public var trustAnchorPath: String?
    public var validateDNSSEC = true

    public init() {}

    /// What the CA does with reserved addresses: under IANA's roots a public CA drops them; a private world (its
    /// own root hints, as the bundled zones on 127.53.x.x, or `connectToReservedAddresses`) has its CA on them.
    public var reservedAddresses: ReservedAddressHandling {
        connectToReservedAddresses || rootHintsPath != nil ? .connect : .dropAsPublicCAsDo
    }

    public var policy: QueryPolicy { QueryPolicy(timeout: timeout, attempts: attempts, overTCP: overTCP) }

    /// The resolvers to compare: the ones given, else the system's plus (unless left out) the public set.
    public var recursiveResolvers: [ServerAddress] {
        if !askResolvers { return [] }
        if !resolvers.isEmpty { return resolvers }
        return SystemResolvers.withPublic(includePublic)
    }

    /// The anchor DNSSEC is validated from, or nil when it is left out: by `validateDNSSEC`, or because a private
    /// root (`rootHintsPath`) cannot be validated from the IANA root's key. `dnssec` itself always validates.
    func loadTrustAnchor(_ use: DNSSECUse) throws(UserFailure) -> TrustAnchor? {
        if use == .off || (use == .ifAsked && (!validateDNSSEC || (trustAnchorPath == nil && rootHintsPath != nil))) { return nil }
        do { return try TrustAnchor(file: trustAnchorPath ?? TrustAnchor.systemFile) } catch {
            throw UserFailure(.badInput, error.description + "; install dns-root-data or give --trust-anchor FILE"
                             + (use == .required ? "" : " (or leave DNSSEC out with --no-dnssec)"))
        }
    }

    func loadRootHints() throws(UserFailure) -> RootHints {
        guard let rootHintsPath else { return .iana }
        do { return try RootHints.load(path: rootHintsPath) } catch { throw UserFailure(.badInput, error.description) }
    }
}

/// Whether a front end validates DNSSEC: `dnssec` always; resolve, txt, caa and doctor unless told not to (or
/// given a private root without its anchor); bulk `resolve --from` never (a chain per name would multiply the load).
public enum DNSSECUse: Sendable { case required, ifAsked, off }
