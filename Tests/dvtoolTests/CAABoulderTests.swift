import Foundation
import Testing
import DVTestSupport

/// CAA sets where dvtool once said "allowed" and Let's Encrypt's validator (Boulder) refuses.
@Suite("dvtool caa: what Let's Encrypt refuses", .serialized)
struct CAABoulderTests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    private func decision(_ records: [String], wildcard: Bool = false) async throws -> (String, String) {
        try await withRecords(records) { name in
            let result = try await TestWorld.runCLI(["caa", (wildcard ? "*." : "") + name, "--ca", "letsencrypt", "--json"] + world)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
            #expect(result.status == (json["decision"] as? String == "allowed" ? 0 : 1))
            return (json["decision"] as? String ?? "", json["reason"] as? String ?? "")
        }
    }

    @Test func criticalLowBitOnATagBoulderDoesNotKnowBlocks() async throws {
        let (decision, reason) = try await decision(["0 issue \"letsencrypt.org\"", "1 contactemail \"admin@example.test\""])
        #expect(decision == "blocked", "\(reason)")
    }

    /// Boulder since 2025-03 (#8033): a set with neither issue nor issuewild has "no relevant records", for a
    /// wildcard too; a critical issuemail or issuevmc is known to it and blocks nothing.
    @Test func setsWithoutIssueRecordsAllowAsBoulderDoes() async throws {
        #expect(try await decision(["0 iodef \"mailto:admin@example.test\""], wildcard: true).0 == "allowed")
        #expect(try await decision(["0 issue \"letsencrypt.org\"", "128 issuemail \"mail.example\"", "128 issuevmc \"vmc.example\""]).0 == "allowed")
    }

    /// RFC 8657's validationmethods as Boulder reads it: in order, refused at the first entry that is not a method name.
    @Test func validationMethodsAreReadAsBoulderReadsThem() async throws {
        func decided(_ methods: String, _ method: String) async throws -> String {
            try await withRecords(["0 issue \"letsencrypt.org; validationmethods=\(methods)\""]) { name in
                let result = try await TestWorld.runCLI(["caa", name, "--ca", "letsencrypt", "--method", method, "--json"] + world)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
                return json["decision"] as? String ?? ""
            }
        }
        #expect(try await decided("dns-01,http-01", "http-01") == "allowed")
        #expect(try await decided(",dns-01", "dns-01") == "blocked", "an empty entry first")
        #expect(try await decided("dns_01,http-01", "http-01") == "blocked", "an underscore before the method")
        #expect(try await decided("dns-01,dns_01", "dns-01") == "allowed", "the method comes before the bad entry")
    }

    @Test func issuerDomainInCapitalsBlocksAndSaysWhy() async throws {
        let (decision, reason) = try await decision(["0 issue \"LetsEncrypt.org\""])
        #expect(decision == "blocked")
        #expect(reason.contains("capitals"), "\(reason)")
    }

    @Test func emptyParameterMakesTheRecordMalformed() async throws {
        let (decision, reason) = try await decision(["0 issue \"letsencrypt.org;;\""])
        #expect(decision == "blocked")
        #expect(reason.contains("malformed"), "\(reason)")
    }

    /// An authoritative server given as the resolver answers "nothing here" without recursing: that is no proof
    /// of "no CAA", so the lookup fails: could not check (3), as a CA whose lookup fails cannot issue either.
    @Test func aServerThatDoesNotRecurseIsNoResolver() async throws {
        let result = try await TestWorld.runCLI(["caa", "www.other.test", "--ca", "letsencrypt", "--json", "--root-hints", CLI.rootHints,
                                  "--resolver", "127.53.1.1"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(result.status == 3)
        #expect(json["decision"] as? String == "lookup-failed", "\(json)")
        #expect(json["status"] as? String == "error", "\(json)")
        #expect((json["reason"] as? String ?? "").contains("does not recurse"))
    }

    /// `body` with `records` put at a fresh owner on both authoritative servers; then the world's zones (and their
    /// serials, which other tests read) as they were.
    private func withRecords<Outcome>(_ records: [String], _ body: (String) async throws -> Outcome) async throws -> Outcome {
        let owner = "caa\(UInt32.random(in: 0 ... .max))"
        defer { try? testnet("reset") }
        for instance in ["auth1", "auth2"] {
            for (index, record) in records.enumerated() {
                let fields = record.split(separator: " ", maxSplits: 2).map(String.init)
                try testnet(index == 0 ? "set-record" : "add-record", instance, "example.test", owner, "CAA", fields[0], fields[1], fields[2])
            }
        }
        return try await body(owner + ".example.test")
    }

    /// The world's dead server (127.53.2.1 swallows every query) as the only root and the only resolver.
    static func deadWorld() throws -> [String] {
        let hints = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-dead-\(getpid()).hints")
        try ". 3600000 NS a.root.\na.root. 3600000 A 127.53.2.1\n".write(to: hints, atomically: true, encoding: .utf8)
        return ["--root-hints", hints.path, "--resolver", "127.53.2.1"]
    }

    @Test func noServerAnsweringIsCouldNotCheckNotBlocked() async throws {
        let dead = try Self.deadWorld()
        let text = try await TestWorld.runCLI(["caa", "www.example.test", "--ca", "letsencrypt"] + dead, timeout: 90)
        #expect(text.status == 3, "\(text.stdout)")
        #expect(text.stdout.contains("could not check"), "\(text.stdout)")
        #expect(!text.stdout.contains("blocked"), "\(text.stdout)")
        #expect(!text.stdout.contains("unknown"), "\(text.stdout)")
        let json = try await TestWorld.runCLI(["caa", "www.example.test", "--ca", "letsencrypt", "--json", "--no-recursive"] + dead, timeout: 90)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(json.status == 3)
        #expect(object["status"] as? String == "error")
        #expect(object["decision"] as? String == "lookup-failed")
        let problems = object["problems"] as? [[String: Any]] ?? []
        #expect(!problems.contains { $0["severity"] as? String == "error" }, "\(problems)")
    }

    /// Not sorted: the records as the server sent them, compared with dig's view of the same server.
    @Test func evidenceIsTheSetInWireOrder() async throws {
        let records = ["0 issue \"zz.example\"", "0 issue \"letsencrypt.org\"", "0 iodef \"mailto:a@example.test\"", "0 issue \"aa.example\""]
        try await withRecords(records) { name in
            var served: [[String]] = []
            for server in ["127.53.1.1", "127.53.1.2"] { served.append(try await dig(server, name)) }
            #expect(Set(served[0]) == Set(records) && Set(served[1]) == Set(records))
            let result = try await TestWorld.runCLI(["caa", name, "--ca", "letsencrypt", "--json", "--no-recursive"] + world)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let step = try #require((json["steps"] as? [[String: Any]])?.first)
            let via = step["via"] as? String ?? ""
            let server = via.hasPrefix("127.53.1.2") ? "127.53.1.2" : "127.53.1.1"
            // The world is shared: a zone reload (another test's edit) between two queries may reorder the set, so
            // the order dvtool saw must be the server's order just before or just after it asked.
            let after = try await dig(server, name)
            let orders = [server == "127.53.1.2" ? served[1] : served[0], after]
            let seen = json["relevantRecords"] as? [String] ?? []
            #expect(orders.contains(seen), "via \(via): \(seen), the server: \(orders)")
            #expect(step["records"] as? [String] == seen)
        }
    }

    /// dig's view of the CAA set `server` (a world address) serves at `name`, in its order.
    private func dig(_ server: String, _ name: String) async throws -> [String] {
        let address = try await TestWorld.listeningAddress(of: server)
        return try runProgram("/usr/bin/dig", "+short", "-p", "\(address.port)", "@\(address.ip)", name, "CAA")
            .split(separator: "\n").map(String.init)
    }

    private func runProgram(_ path: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func repeatedCATakesEveryIssuerDomainAndTheHintNamesIt() async throws {
        try await withRecords(["0 issue \"'pki.goog'\""]) { name in
            let one = try await TestWorld.runCLI(["caa", name, "--ca", "letsencrypt", "--ca", "google"] + world)
            #expect(one.status == 1)
            #expect(one.stdout.contains("Let's Encrypt + Google Trust Services"), "\(one.stdout)")
            let google = try await TestWorld.runCLI(["caa", name, "--ca", "google", "--json"] + world)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(google.stdout.utf8)) as? [String: Any])
            #expect((json["reason"] as? String ?? "").contains("write pki.goog, not 'pki.goog'"), "\(json)")
        }
        let both = try await TestWorld.runCLI(["caa", "caa-wild.example.test", "--ca", "letsencrypt", "--ca", "digicert"] + world)
        #expect(both.status == 0, "issue \"digicert.com\" allows the combined CA: \(both.stdout)")
    }

    @Test func severalNamesAtOnceExitWithTheWorst() async throws {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-caa-names-\(getpid())")
        try "# an order's SANs\ncaa-deny.example.test\n\n".write(to: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: list) }
        let result = try await TestWorld.runCLI(["caa", "caa-allow.example.test", "sub.caa-parent.example.test", "--from", list.path,
                                  "--ca", "letsencrypt", "--json"] + world)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(result.stdout)")
        let decisions = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["decision"] as? String
        }
        #expect(decisions == ["allowed", "allowed", "blocked"])
        #expect(result.status == 1)
        let allowed = try await TestWorld.runCLI(["caa", "caa-allow.example.test", "sub.caa-parent.example.test", "--ca", "letsencrypt"] + world)
        #expect(allowed.status == 0)
        #expect(allowed.stdout.components(separatedBy: "allowed:").count == 3, "\(allowed.stdout)")
    }
}
