import DVBasics
import DVDNS
import DVSocket

/// `cert probe HOST[:PORT] [--servername NAME]`: the address to connect to and the name to send, as a client
/// would: a host name is converted to its A-label, resolved by the system resolver and sent as SNI unless
/// --servername says otherwise; an address alone sends no SNI.
public struct ProbeTarget: Sendable {
    public var ip: String
    public var port: UInt16
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
        serverName = serverName ?? host
        do { ip = try SystemResolver.firstAddress(of: host) } catch { throw UserFailure(.couldNotRun, error.description) }
    }

    private static func aLabel(_ text: String, option: String) throws(UserFailure) -> String {
        do { return try DomainInput(parsing: text, allowWildcard: true).ascii } catch {
            throw UserFailure(.badInput, "\(option): \(error.description)")
        }
    }
}
