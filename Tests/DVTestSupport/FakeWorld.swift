import Foundation
import DVDNS

/// The DNS world of `scripts/testnet` without root, NSD or Unbound: the same zones/ files, signed as testnet signs
/// them (`SignedZones`), served by `FakeAuthority` on kernel-chosen ports of 127.0.0.1 and reached through
/// `TestRoutes` at the addresses the tests name (127.53.x.y:53). Which instance serves which zones, and at which
/// addresses, is read from the script itself (`instance_addrs`, `NSD_INSTANCES`, `RESOLVER_ADDR`, `DEAD_ADDR`), so
/// the two cannot drift.
/// The dead server is a black hole here too (UDP dropped, TCP accepted and never answered).
public final class FakeWorld: Sendable {
    /// World address → where it really listens.
    public let routes: [ServerAddress: ServerAddress]
    private let servers: [FakeDNSServer]

    private init(routes: [ServerAddress: ServerAddress], servers: [FakeDNSServer]) {
        self.routes = routes
        self.servers = servers
    }

    /// `routes` in the form `DVTOOL_TEST_DNS_ROUTES` takes, for a dvtool process.
    public var routesVariable: String {
        routes.map { "\($0.key.ip):\($0.key.port)=\($0.value)" }.sorted().joined(separator: ",")
    }

    public static func start(packageRoot: URL) async throws -> FakeWorld {
        let plan = try AddressPlan(script: packageRoot.appendingPathComponent("scripts/testnet").path)
        let signed = try SignedZones.signedCopy(packageRoot: packageRoot, instances: plan.instances.map(\.name))
        defer { try? FileManager.default.removeItem(at: signed) }
        var authorities: [IPAddress: FakeAuthority] = [:]
        for (instance, addresses) in plan.instances {
            let directory = signed.appendingPathComponent("\(instance)/zones")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".zone") }
            let zones = try files.map { file in
                let apex = file == "root.zone" ? DNSName.root : try DNSName(String(file.dropLast(".zone".count)) + ".")
                return FakeZone(apex: apex, records: try ZoneFile.records(path: directory.appendingPathComponent(file).path))
            }
            for address in addresses { authorities[address] = FakeAuthority(zones: zones) }
        }
        let rootHints = try RootHints.load(path: packageRoot.appendingPathComponent("zones/root.hints").path)
        let resolver = FakeResolver(rootServers: rootHints.addresses.map(\.ip), authorities: authorities)

        var servers: [FakeDNSServer] = []
        var routes: [ServerAddress: ServerAddress] = [:]
        do {
            for (address, authority) in authorities {
                let server = try await serve { authority.answer($0) }
                servers.append(server)
                routes[ServerAddress(ip: address)] = server.address
            }
            let recursive = try await serve { resolver.answer($0.name, $0.type, dnssecOK: $0.dnssecOK) }
            servers.append(recursive)
            routes[ServerAddress(ip: plan.resolver)] = recursive.address
            let blackHole = try await FakeDNSServer.start(udpReplies: { _ in [] }, tcpReply: { _ in [] })
            servers.append(blackHole)
            routes[ServerAddress(ip: plan.dead)] = blackHole.address
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        return FakeWorld(routes: routes, servers: servers)
    }

    private static func serve(_ answer: @escaping @Sendable (WireQuestion) -> WireAnswer) async throws -> FakeDNSServer {
        func reply(overUDP: Bool) -> FakeDNSServer.Replies {
            { query in
                guard let question = WireQuestion(query) else { return [] }
                return [answer(question).bytes(for: question, overUDP: overUDP)]
            }
        }
        return try await FakeDNSServer.start(udpReplies: reply(overUDP: true), tcpReply: reply(overUDP: false))
    }

    public func stop() async {
        for server in servers { await server.stop() }
    }
}

/// The world's address plan as scripts/testnet writes it.
private struct AddressPlan {
    var instances: [(name: String, addresses: [IPAddress])] = []
    var resolver: IPAddress
    var dead: IPAddress

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    init(script path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func value(_ variable: String) throws -> String {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(variable + "=") }) else {
                throw Unreadable(description: "\(path) has no \(variable)= line")
            }
            return String(line.dropFirst(variable.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "()\" "))
        }
        guard let resolver = IPAddress(try value("RESOLVER_ADDR")), let dead = IPAddress(try value("DEAD_ADDR")) else {
            throw Unreadable(description: "\(path): RESOLVER_ADDR or DEAD_ADDR is not an address")
        }
        self.resolver = resolver
        self.dead = dead
        // `    auth2) echo "127.53.1.2 127.53.2.2" ;;` inside instance_addrs(), for the instances `up` starts.
        for name in try value("NSD_INSTANCES").split(separator: " ").map(String.init) {
            guard let line = text.split(separator: "\n").first(where: {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(name))") && $0.contains("echo")
            }), let quoted = line.split(separator: "\"").dropFirst().first else {
                throw Unreadable(description: "\(path): instance_addrs has no line for \(name)")
            }
            instances.append((name, quoted.split(separator: " ").compactMap { IPAddress(String($0)) }))
        }
    }
}
