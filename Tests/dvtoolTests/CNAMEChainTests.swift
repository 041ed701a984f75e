import Foundation
import Testing
import DVTestSupport

/// Chains a CA follows and dvtool must judge as the CA does (review of issue 13): a loop across zones, servers
/// that send the CA to different targets, an expected IPv4 address with no A record, and the acme-dns pattern of
/// a CNAME into a sub-zone delegated from the same zone.
@Suite("dvtool: CNAME chains as a CA follows them", .serialized)
struct CNAMEChainTests {
    let authoritativeOnly = ["--no-recursive", "--root-hints", CLI.rootHints, "--json"]

    private func set(_ zone: String, _ owner: String, _ type: String, _ data: String, on instances: [String] = ["auth1", "auth2"]) throws {
        for instance in instances { try testnet("set-record", instance, zone, owner, type, data) }
    }

    private func report(_ arguments: [String]) async throws -> (status: Int32, codes: [String], json: [String: Any]) {
        let result = try await TestWorld.runCLI(arguments + authoritativeOnly)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        let codes = (json["problems"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        return (result.status, codes, json)
    }

    @Test func loopAcrossZonesIsAProblem() async throws {
        defer { try? testnet("reset") }
        try set("example.test", "xloop", "CNAME", "xloop.other.test.")
        try set("other.test", "xloop", "CNAME", "xloop.example.test.")
        let resolve = try await report(["resolve", "xloop.example.test"])
        #expect(resolve.status == 1 && resolve.codes.contains("cname-loop"), "\(resolve.json)")
    }

    @Test func serversPointingTheCAAtDifferentTargetsDisagree() async throws {
        defer { try? testnet("reset") }
        try set("example.test", "cnamediff", "CNAME", "www.example.test.", on: ["auth1"])
        try set("example.test", "cnamediff", "CNAME", "www.other.test.", on: ["auth2"])
        let resolve = try await report(["resolve", "cnamediff.example.test"])
        #expect(resolve.status == 1 && resolve.codes.contains("servers-disagree"), "\(resolve.json)")
    }

    @Test func expectedIPv4WithoutARecordIsAProblem() async throws {
        defer { try? testnet("reset") }
        try set("example.test", "v6only", "AAAA", "2001:db8::99")
        let resolve = try await report(["resolve", "v6only.example.test", "--expect", "192.0.2.99", "--expect", "2001:db8::99"])
        #expect(resolve.status == 1 && resolve.codes.contains("unexpected-address"), "\(resolve.json)")
    }

    @Test func cnameIntoASubZoneDelegatedFromTheSameZoneIsFollowed() async throws {
        defer { try? testnet("reset") }
        try set("example.test", "_acme-challenge.acmedns", "CNAME", "_acme-challenge.deleg.example.test.")
        let txt = try await report(["txt", "_acme-challenge.acmedns.example.test", "--expect", "FiJO087wqSxUN1Fn7QnWePrfKfMKPq5NOHPlRPAIXSg"])
        #expect(txt.status == 0, "\(txt.json)")
        #expect(txt.json["effectiveName"] as? String == "_acme-challenge.deleg.example.test.")
    }
}
