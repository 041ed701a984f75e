import Foundation
import Testing
import DVTestSupport

/// Every nameserver dvtool reports carries the addresses its own name has in the zone files, whatever order
/// the concurrent lookups of a delegation walk finish in (issue 13.1: ns1 and ns2 came out swapped in release
/// builds). Runs the binary `scripts/test` points `DVTOOL_BIN` at: the release build users install.
@Suite("dvtool: nameserver name → address pairs")
struct NameServerAddressTests {
    /// Owner name → A/AAAA addresses, from every zone file of the world, read by `ldns-read-zone`.
    static func zoneAddresses() throws -> (zones: [String], addresses: [String: Set<String>]) {
        let zonesFolder = CLI.packageRoot.appendingPathComponent("zones")
        var zones: [String] = []
        var addresses: [String: Set<String>] = [:]
        for instance in ["root", "tld", "auth1", "auth2"] {
            let folder = zonesFolder.appendingPathComponent(instance)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".zone") {
                let zone = String(file.dropLast(".zone".count))
                if zone != "root" { zones.append(zone + ".") }
                let read = Process()
                read.executableURL = URL(fileURLWithPath: "/usr/bin/ldns-read-zone")
                read.arguments = [folder.appendingPathComponent(file).path]
                let output = Pipe()
                read.standardOutput = output
                try read.run()
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                read.waitUntilExit()
                try #require(read.terminationStatus == 0, "ldns-read-zone \(file) failed")
                for line in text.split(separator: "\n") {
                    let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
                    guard fields.count == 5, fields[3] == "A" || fields[3] == "AAAA" else { continue }
                    addresses[fields[0].lowercased(), default: []].insert(String(fields[4]))
                }
            }
        }
        return (Array(Set(zones)).sorted(), addresses)
    }

    @Test func bulkDiscoveriesPairEachNameWithItsOwnAddresses() async throws {
        let (zones, expected) = try Self.zoneAddresses()
        try #require(zones.contains("example.test."), "no zone files found under zones/")
        // Several names per zone, in one bulk run: their discoveries run concurrently.
        let names = zones.flatMap { zone in ["www." + zone, "_acme-challenge." + zone, zone] }
        var checkedPairs = 0
        for run in 1...10 {
            let result = try await TestWorld.runCLI(["resolve", "--from", "-", "--no-recursive", "--json", "--timeout", "0.5", "--root-hints", CLI.rootHints],
                                     input: names.joined(separator: "\n") + "\n")
            #expect(result.status == 0 || result.status == 1, "run \(run): \(result.stderr)")
            for line in result.stdout.split(separator: "\n") {
                let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                for server in report["nameservers"] as? [[String: Any]] ?? [] {
                    let name = try #require(server["name"] as? String)
                    let found = Set(server["addresses"] as? [String] ?? [])
                    guard let wanted = expected[name.lowercased()] else { continue }
                    #expect(found == wanted, "run \(run), \(report["name"] ?? ""): \(name) listed with \(found.sorted()); its zone says \(wanted.sorted())")
                    checkedPairs += 1
                }
                // Every row's server name must sit beside one of that server's own addresses.
                for row in report["authoritative"] as? [[String: Any]] ?? [] {
                    guard let server = row["server"] as? String, let address = row["address"] as? String,
                          let wanted = expected[server.lowercased()] else { continue }
                    #expect(wanted.contains(address), "run \(run): row of \(server) sent to \(address); its zone says \(wanted.sorted())")
                }
            }
        }
        #expect(checkedPairs >= 10 * zones.count, "only \(checkedPairs) name → address pairs were checked")
    }

    @Test func singleNameAtTheNameserverItselfListsItsOwnAddress() async throws {
        for _ in 1...6 {
            let result = try await TestWorld.runCLI(["resolve", "ns1.example.test", "--no-recursive", "--root-hints", CLI.rootHints])
            #expect(result.stdout.contains("ns1.example.test.  127.53.1.1"), "\(result.stdout)")
            #expect(result.stdout.contains("ns2.example.test.  127.53.1.2"), "\(result.stdout)")
            #expect(!result.stdout.contains("ns1.example.test.  127.53.1.2"), "\(result.stdout)")
        }
    }

    /// The parent's glue has only ns1's A record; the AAAA the zone itself publishes must be found too (a CA's
    /// resolver may ask over IPv6), not left out because glue was taken as all of ns1's addresses.
    @Test func nameserverAddressesComeFromItsZoneAsWellAsGlue() async throws {
        defer { try? testnet("reset") }
        for instance in ["auth1", "auth2"] { try testnet("set-record", instance, "example.test", "ns1", "AAAA", "::1") }
        let result = try await TestWorld.runCLI(["resolve", "www.example.test", "--no-recursive", "--json", "--timeout", "0.5", "--root-hints", CLI.rootHints])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        let ns1 = (report["nameservers"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "ns1.example.test." }
        #expect(Set(ns1?["addresses"] as? [String] ?? []) == ["127.53.1.1", "::1"], "\(String(describing: ns1))")
    }
}
