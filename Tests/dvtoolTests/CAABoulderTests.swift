import Foundation
import Testing
import DVTestSupport

/// CAA sets where dvtool once said "allowed" and Let's Encrypt's validator (Boulder) refuses.
@Suite("dvtool caa: what Let's Encrypt refuses", .serialized)
struct CAABoulderTests {
    let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]

    private func decision(_ records: [String], wildcard: Bool = false) throws -> (String, String) {
        let owner = "caab\(UInt32.random(in: 0 ... .max))"
        defer { try? testnet("reset") }
        for instance in ["auth1", "auth2"] {
            for (index, record) in records.enumerated() {
                let fields = record.split(separator: " ", maxSplits: 2).map(String.init)
                try testnet(index == 0 ? "set-record" : "add-record", instance, "example.test", owner, "CAA", fields[0], fields[1], fields[2])
            }
        }
        let target = (wildcard ? "*." : "") + owner + ".example.test"
        let result = try CLI.run(["caa", target, "--ca", "letsencrypt", "--json"] + world)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(result.status == (json["decision"] as? String == "allowed" ? 0 : 1))
        return (json["decision"] as? String ?? "", json["reason"] as? String ?? "")
    }

    @Test func criticalLowBitOnATagBoulderDoesNotKnowBlocks() throws {
        let (decision, reason) = try decision(["0 issue \"letsencrypt.org\"", "1 contactemail \"admin@example.test\""])
        #expect(decision == "blocked", "\(reason)")
    }

    @Test func wildcardWithNeitherIssueNorIssuewildBlocksLetsEncrypt() throws {
        let (decision, reason) = try decision(["0 iodef \"mailto:admin@example.test\""], wildcard: true)
        #expect(decision == "blocked", "\(reason)")
    }

    @Test func issuerDomainInCapitalsBlocksAndSaysWhy() throws {
        let (decision, reason) = try decision(["0 issue \"LetsEncrypt.org\""])
        #expect(decision == "blocked")
        #expect(reason.contains("capitals"), "\(reason)")
    }

    @Test func emptyParameterMakesTheRecordMalformed() throws {
        let (decision, reason) = try decision(["0 issue \"letsencrypt.org;;\""])
        #expect(decision == "blocked")
        #expect(reason.contains("malformed"), "\(reason)")
    }

    /// An authoritative server given as the resolver answers "nothing here" without recursing: that is no proof
    /// of "no CAA", so the lookup fails (blocked), as at a CA whose lookup fails.
    @Test func aServerThatDoesNotRecurseIsNoResolver() throws {
        let result = try CLI.run(["caa", "www.other.test", "--ca", "letsencrypt", "--json", "--root-hints", CLI.rootHints,
                                  "--resolver", "127.53.1.1"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(result.status == 1)
        #expect(json["decision"] as? String == "lookup-failed", "\(json)")
        #expect((json["reason"] as? String ?? "").contains("does not recurse"))
    }
}
