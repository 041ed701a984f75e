import DVBasics
import Glibc

/// The servers a delegation walk starts from, read from a named.root-style file or built in.
public struct RootHints: Sendable, Hashable {
    public var servers: [NameServer]

    public init(servers: [NameServer]) { self.servers = servers }

    public var addresses: [ServerAddress] { servers.flatMap { $0.addresses.map { ServerAddress(ip: $0) } } }

    /// Parses `OWNER [TTL] [IN] NS|A|AAAA RDATA` lines (the named.root format); `;` starts a comment.
    public init(parsing text: String, source: String) throws(DNSError) {
        var names: [DNSName] = []
        var addresses: [DNSName: [IPAddress]] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.prefix { $0 != ";" }
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !fields.isEmpty else { continue }
            fields.removeAll { field in UInt32(field) != nil || field.uppercased() == "IN" }
            guard fields.count == 3 else {
                throw .badRootHints(path: source, "line \(number + 1) is not 'NAME [TTL] [IN] TYPE DATA': \(line)")
            }
            let owner: DNSName
            do { owner = try DNSName(fields[0]) } catch { throw .badRootHints(path: source, "line \(number + 1): \(error)") }
            switch fields[1].uppercased() {
            case "NS":
                guard owner.isRoot else { continue }
                do { names.append(try DNSName(fields[2])) } catch { throw .badRootHints(path: source, "line \(number + 1): \(error)") }
            case "A", "AAAA":
                guard let address = IPAddress(fields[2]) else {
                    throw .badRootHints(path: source, "line \(number + 1): \"\(fields[2])\" is not an IP address")
                }
                addresses[owner, default: []].append(address)
            default:
                continue
            }
        }
        let servers = names.map { NameServer(name: $0, addresses: addresses[$0] ?? []) }.filter { !$0.addresses.isEmpty }
        guard !servers.isEmpty else {
            throw .badRootHints(path: source, "it names no root server with an address (expected '. NS name' and 'name A address' lines)")
        }
        self.servers = servers
    }

    /// Reads a hints file; a missing or unreadable file is a `badRootHints` error naming the path.
    public static func load(path: String) throws(DNSError) -> RootHints {
        guard let file = fopen(path, "r") else {
            throw .badRootHints(path: path, errnoText())
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > 1 << 20 { throw .badRootHints(path: path, "the file is larger than 1 MiB") }
        }
        if ferror(file) != 0 { throw .badRootHints(path: path, errnoText()) }
        return try RootHints(parsing: String(decoding: bytes, as: UTF8.self), source: path)
    }

    /// IANA's root servers (root-servers.org, 2023 onwards: b.root moved to 170.247.170.2).
    public static let iana: RootHints = {
        let table: [(String, String, String)] = [
            ("a", "198.41.0.4", "2001:503:ba3e::2:30"), ("b", "170.247.170.2", "2801:1b8:10::b"),
            ("c", "192.33.4.12", "2001:500:2::c"), ("d", "199.7.91.13", "2001:500:2d::d"),
            ("e", "192.203.230.10", "2001:500:a8::e"), ("f", "192.5.5.241", "2001:500:2f::f"),
            ("g", "192.112.36.4", "2001:500:12::d0d"), ("h", "198.97.190.53", "2001:500:1::53"),
            ("i", "192.36.148.17", "2001:7fe::53"), ("j", "192.58.128.30", "2001:503:c27::2:30"),
            ("k", "193.0.14.129", "2001:7fd::1"), ("l", "199.7.83.42", "2001:500:9f::42"),
            ("m", "202.12.27.33", "2001:dc3::35"),
        ]
        return RootHints(servers: table.map { letter, v4, v6 in
            NameServer(name: DNSName(validatedLabels: [letter, "root-servers", "net"]),
                       addresses: [IPAddress(v4)!, IPAddress(v6)!])
        })
    }()
}
