import DVBasics
import DVDNS
import DVResolve
import DVSocket

/// `cert probe HOST[:PORT] [--servername NAME]`: the address to connect to and the name to send, as a client
/// would: a host name is converted to its A-label, looked up with the same DNS settings as every other check
/// (`resolved(with:)`) and sent as SNI unless --servername says otherwise; an address alone sends no SNI.
public struct ProbeTarget: Sendable {
    /// The address to connect to: HOST itself, or (after `resolved(with:)`) the first address its servers give.
    public var ip: String?
    public var port: UInt16
    /// HOST as an A-label when it is a name; nil for an address.
    public var host: String?
    /// Every address HOST's servers gave (the probe connects to the first).
    public var addresses: [String] = []
    /// The CNAMEs from HOST to the name whose addresses those are (empty when HOST has its own addresses).
    public var cnameChain: [String] = []
    /// The SNI name (A-label); nil for an address without --servername.
    public var serverName: String?
    /// --servername as typed, keyed by its A-label, for display.
    public var typedNames: [String: String] = [:]

    public init(_ target: String, servername: String?) throws(UserFailure) {
        let hostPort: HostPort
        do { hostPort = try HostPort(parsing: target, defaultPort: 443) } catch { throw UserFailure(.badInput, error.description) }
        serverName = try servername.map { typed throws(UserFailure) in try Self.aLabel(typed, option: "--servername") }
        if let servername, let serverName { typedNames[serverName] = servername }
        port = hostPort.port
        guard !hostPort.hostIsAddress else {
            ip = hostPort.host
            return
        }
        let host = try Self.aLabel(hostPort.host, option: "HOST")
        self.host = host
        serverName = serverName ?? host
    }

    /// The target with HOST's addresses, asked as `resolve` asks them (every authoritative server, through the
    /// context's root hints and resolvers); an address target as it is.
    /// - Throws: could not run when the servers did not answer or the name has no address.
    public func resolved(with context: CheckContext) async throws(UserFailure) -> ProbeTarget {
        guard ip == nil, let host else { return self }
        let name: DNSName
        do { name = try DNSName(host) } catch { throw UserFailure(.badInput, "HOST: \(error.description)") }
        let report = await context.resolveChecker().check(name)
        let served = report.servedAddresses.map(\.description)
        guard let first = served.first else {
            let why = report.problems.first { $0.severity == .error }?.message ?? "no A or AAAA record"
            throw UserFailure(.couldNotRun, "cannot look up \(host): \(why)")
        }
        var target = self
        target.ip = first
        target.addresses = served
        target.cnameChain = report.cnameChain.map(\.withoutTrailingDot)
        return target
    }

    private static func aLabel(_ text: String, option: String) throws(UserFailure) -> String {
        do { return try DomainInput(parsing: text, allowWildcard: true).ascii } catch {
            throw UserFailure(.badInput, "\(option): \(error.description)")
        }
    }
}
