import DVBasics
import DVCAA
import DVDNS
import DVDNSSEC
import DVHTTPCheck
import DVResolve
import DVTXT

/// The client, delegation walker, resolvers and DNSSEC validator every DNS check works with, built once from
/// `DNSSettings`; the checks come out of it wired to the same parts. The first thing a front end builds.
public struct CheckContext: Sendable {
    public let client: DNSClient
    public let finder: AuthorityFinder
    public let resolvers: [ServerAddress]
    public let policy: QueryPolicy
    /// Validates what the checks look up; nil when DNSSEC is left out (see `DNSSECUse`).
    public let dnssec: DNSSECValidator?
    /// What the CA does with reserved addresses (`DNSSettings.reservedAddresses`).
    public let reservedAddresses: ReservedAddressHandling

    /// - Throws: bad input for settings that do not load (a missing root hints or trust anchor file); could not run
    ///   when no socket opens.
    public init(_ settings: DNSSettings, dnssec use: DNSSECUse = .ifAsked) async throws(UserFailure) {
        let anchor = try settings.loadTrustAnchor(use)
        let hints = try settings.loadRootHints()
        let client: DNSClient
        do { client = try await DNSClient() } catch { throw UserFailure(.couldNotRun, "cannot open a UDP socket: \(error)") }
        // Read once: the system's resolvers come from /etc/resolv.conf.
        let (policy, resolvers) = (settings.policy, settings.recursiveResolvers)
        let finder = AuthorityFinder(client: client, rootHints: hints, policy: policy, fallbackResolvers: resolvers,
                                     families: settings.addressFamilies)
        (self.client, self.finder, self.policy, self.resolvers) = (client, finder, policy, resolvers)
        reservedAddresses = settings.reservedAddresses
        dnssec = anchor.map { DNSSECValidator(client: client, finder: finder, policy: policy, anchor: $0, resolvers: resolvers) }
    }

    public var txtChecker: TXTChecker { TXTChecker(client: client, finder: finder, resolvers: resolvers, policy: policy, dnssec: dnssec) }
    public var caaChecker: CAAChecker { CAAChecker(client: client, finder: finder, resolvers: resolvers, policy: policy, dnssec: dnssec) }

    public func resolveChecker(types: [RecordType] = [.a, .aaaa]) -> ResolveChecker {
        ResolveChecker(client: client, finder: finder, resolvers: resolvers, policy: policy, types: types, dnssec: dnssec,
                       reservedAddresses: reservedAddresses)
    }

    /// CA-style HTTP fetches through the same resolvers.
    public var httpConnections: HTTPConnections {
        HTTPConnections(resolver: DNSHostResolver(client: client, resolvers: resolvers, policy: policy,
                                                   reservedAddresses: reservedAddresses),
                        tls: OpenSSLConnector())
    }

    /// Closes the client's sockets; the context is not used after this.
    public func shutdown() async { await client.shutdown() }
}
