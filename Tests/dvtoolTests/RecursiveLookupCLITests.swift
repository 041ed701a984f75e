import DVTestSupport
import Foundation
import Testing

/// One recursive lookup (`RecursiveLookup`): an authoritative server given as --resolver (NSD at 127.53.1.1, RA
/// clear) answers nothing for names it does not serve, so every user of the lookup refuses it with a note naming
/// it, instead of reading its "nothing here" as an answer.
@Suite("recursive lookups refuse a server that does not recurse")
struct RecursiveLookupCLITests {
    static let authoritative = "127.53.1.1"
    static let note = "127.53.1.1 does not recurse (RA flag clear); give a recursive resolver with --resolver"

    @Test func caaCannotCheckThroughAnAuthoritativeServer() async throws {
        let result = try await TestWorld.runCLI(["caa", "caa-allow.example.test", "--ca", "letsencrypt", "--root-hints", CLI.rootHints,
                                  "--resolver", Self.authoritative, "--no-dnssec"])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(Self.note), "\(result.stdout)")
    }

    @Test func httpCheckCannotResolveThroughAnAuthoritativeServer() async throws {
        let result = try await TestWorld.runCLI(["http-check", "www.example.test", "--path", "token", "--resolver", Self.authoritative])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(Self.note), "\(result.stdout)")
    }

    @Test func agentCAAAndDNSChecksSayWhichServerDoesNotRecurse() async throws {
        let requests = [#"{"check_type":"caa","domain_or_ip_target":"caa-allow.example.test","caa_check_parameters":{"certificate_type":"tls-server","caa_domains":["letsencrypt.org"]}}"#,
                        #"{"check_type":"dcv","domain_or_ip_target":"example.test","dcv_check_parameters":{"validation_method":"dns-change","dns_record_type":"CNAME","dns_name_prefix":"www","challenge_value":"x"}}"#]
        for request in requests {
            let result = try await TestWorld.runCLI(["agent", "--stdio", "--code", "t", "--resolver", Self.authoritative, "--root-hints", CLI.rootHints],
                                     input: request + "\n")
            #expect(result.status == 0, "\(result.stderr)")
            let response = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
            #expect(response["check_passed"] as? Bool == false)
            #expect(result.stdout.contains("127.53.1.1 does not recurse"), "\(result.stdout)")
        }
    }

    /// With the root out of reach, discovery asks the resolvers for the zone's NS set: not an authoritative one.
    @Test func discoveryFallbackRefusesAnAuthoritativeServer() async throws {
        let hints = FileManager.default.temporaryDirectory.appendingPathComponent("dead-root-\(UUID().uuidString).hints")
        // The black hole (127.53.2.1) drops every query: the root is unreachable.
        try ".\t3600000\tNS\ta.root.\na.root.\t3600000\tA\t127.53.2.1\n".write(to: hints, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: hints) }
        let result = try await TestWorld.runCLI(["resolve", "www.example.test", "--root-hints", hints.path, "--resolver", Self.authoritative,
                                  "--no-dnssec", "--timeout", "1s"], timeout: 60)
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect((result.stdout + result.stderr).contains(Self.note), "\(result.stdout)\(result.stderr)")
    }
}
