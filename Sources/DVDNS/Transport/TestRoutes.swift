import Glibc
import NIOConcurrencyHelpers

/// A test seam: where queries to a server really go. The DNS world's servers listen on port 53 of 127.53.x.y, which
/// needs root, NSD and Unbound; the hermetic test tier serves the same zones on kernel-chosen ports of 127.0.0.1 and
/// routes each world address there. Only the socket a query leaves on changes: reports, the route check, server
/// health and the answers' matching still name the world address.
///
/// Empty in normal use. Library tests call `add`; the CLI reads `DVTOOL_TEST_DNS_ROUTES`
/// (`127.53.1.1:53=127.0.0.1:40001,127.53.0.1=127.0.0.1:40002`) at its first client.
public enum TestRoutes {
    public static let environmentVariable = "DVTOOL_TEST_DNS_ROUTES"

    private static let table = NIOLockedValueBox<[ServerAddress: ServerAddress]?>(nil)

    /// Adds `routes` to the table (a later route for the same address wins); clients made afterwards use it.
    /// Only adds: tests running at once in one process each add theirs and never take another's away.
    public static func add(_ routes: [ServerAddress: ServerAddress]) {
        _ = current
        table.withLockedValue { $0 = ($0 ?? [:]).merging(routes) { _, new in new } }
    }

    /// The table now: what was installed, else the environment's.
    static var current: [ServerAddress: ServerAddress] {
        table.withLockedValue { table in
            if let table { return table }
            let parsed = parse(getenv(environmentVariable).map { String(cString: $0) } ?? "")
            table = parsed
            return parsed
        }
    }

    /// `FROM=TO` pairs separated by commas; a malformed pair is left out (this is a test seam, not user input).
    static func parse(_ text: String) -> [ServerAddress: ServerAddress] {
        var routes: [ServerAddress: ServerAddress] = [:]
        for pair in text.split(separator: ",") {
            let sides = pair.split(separator: "=", maxSplits: 1).map { ServerAddress(parsing: String($0)) }
            if sides.count == 2, let from = sides[0], let to = sides[1] { routes[from] = to }
        }
        return routes
    }
}
