import Foundation
import Testing
import DVTestSupport
import DVDNS
import DVDNSSEC

/// Differential test: for every case of the signed world, dvtool's verdict is the case's documented expectation (in
/// either world), and so are the validating Unbound's (AD bit, or SERVFAIL with its Extended DNS Error) and delv's
/// (which validates the signatures itself with +cdflag). A disagreement prints all of them.
@Suite(.serialized) struct OracleTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let type: RecordType
        let expected: DNSSECVerdict
        /// The RFC 8914 code Unbound sends (and dvtool reports) for a bogus case.
        let code: UInt16?
        /// Where delv (BIND 9.18) is known to judge otherwise, and why.
        var delvExpected: DNSSECVerdict?
        var description: String { "\(name) \(type)" }
    }

    static let cases: [Case] = [
        ("good", .secure, .secure, .secure, nil), ("nsec3", .secure, .secure, .secure, nil),
        ("expired", .bogus, .bogus, .bogus, 7), ("notyet", .bogus, .bogus, .bogus, 8),
        ("badsig", .bogus, .secure, .secure, 6), ("rolled", .bogus, .bogus, .bogus, 9),
        ("algmismatch", .bogus, .bogus, .bogus, 9), ("moved", .bogus, .bogus, .bogus, 9),
        ("nsecbroken", .secure, .bogus, .bogus, 12), ("unsupported", .insecure, .insecure, .insecure, nil),
        ("iter200", .secure, .insecure, .insecure, nil), ("unsigned", .insecure, .insecure, .insecure, nil),
        ("lame", .indeterminate, .indeterminate, .indeterminate, nil), ("nozonebit", .bogus, .bogus, .bogus, 11),
        // In the wildcard zones nope is answered from the wildcard: secure with its proof, bogus without (EDE 6).
        ("nowildcard", .secure, .bogus, .secure, 6), ("wildcard", .secure, .secure, .secure, nil),
        ("wildsynth", .secure, .bogus, .secure, 6), ("wildcard3", .secure, .secure, .secure, nil),
        ("wildsynth3", .secure, .bogus, .secure, 6),
        // NSEC3 with opt-out: its NXDOMAIN comes from an opt-out span, which Unbound answers without AD.
        ("optout", .secure, .insecure, .secure, nil),
    ].flatMap { (label: String, address: DNSSECVerdict, nxdomain: DNSSECVerdict, nodata: DNSSECVerdict, code: UInt16?) in
        // BIND does not check the zone-key bit (RFC 4034 §2.1.1 says such a key MUST NOT verify RRSIGs); Unbound,
        // which Let's Encrypt runs, does: the CA refuses, so dvtool follows Unbound.
        // delv calls an NXDOMAIN from an opt-out span fully validated, where Unbound (RFC 5155 §9.2) does not.
        let delv: DNSSECVerdict? = label == "nozonebit" || label == "optout" ? .secure : nil
        return [Case(name: "www.\(label).dnssec.test", type: .a, expected: address, code: address == .bogus ? code : nil, delvExpected: delv),
                Case(name: "nope.\(label).dnssec.test", type: .a, expected: nxdomain, code: nxdomain == .bogus ? code : nil, delvExpected: delv),
                Case(name: "www.\(label).dnssec.test", type: .txt, expected: nodata, code: nodata == .bogus ? code : nil, delvExpected: delv)]
    } + [
        // Names several labels below the wildcard's parent, a wildcard's NODATA, and wildsynth's mail, whose own NSEC
        // is the one removed (its address is signed, its CAA's absence unproven).
        Case(name: "a.b.nope.nowildcard.dnssec.test", type: .a, expected: .bogus, code: 6),
        Case(name: "a.b.nope.wildcard.dnssec.test", type: .txt, expected: .secure, code: nil),
        Case(name: "nope.wildcard.dnssec.test", type: .aaaa, expected: .secure, code: nil),
        Case(name: "a.b.nope.wildsynth.dnssec.test", type: .txt, expected: .bogus, code: 6),
        Case(name: "mail.wildsynth.dnssec.test", type: .a, expected: .secure, code: nil),
        Case(name: "mail.wildsynth.dnssec.test", type: .caa, expected: .bogus, code: 6),
        Case(name: "a.b.wildcard3.dnssec.test", type: .txt, expected: .secure, code: nil),
        Case(name: "a.b.nope.wildsynth3.dnssec.test", type: .txt, expected: .bogus, code: 6),
        Case(name: "www.insecure.optout.dnssec.test", type: .a, expected: .insecure, code: nil),
    ]

    @Test(arguments: cases) func dvtoolsVerdictIsTheExpectedOne(_ testCase: Case) async throws {
        let report = try await Self.dvtoolReport(testCase)
        #expect(report.verdict == testCase.expected, "dvtool \(report.verdict), expected \(testCase.expected)")
        if let code = testCase.code {
            #expect(report.decidingStep?.failure?.error.code == code, "dvtool's EDE: \(String(describing: report.decidingStep?.failure))")
        }
        #expect(report.status == (report.verdict == .bogus ? .problem : report.verdict == .indeterminate ? .error : .ok))
    }

    /// dvtool's verdict and EDE equal Unbound's and delv's. Real world only: its Unbound validates (the fake world's
    /// resolver does not), and delv asks it.
    @Test(TestWorld.realOnly, arguments: cases) func validatorsAgree(_ testCase: Case) async throws {
        let report = try await Self.dvtoolReport(testCase)
        let client = try await DNSClient()
        let unbound = try await unboundVerdict(try DNSName(testCase.name), testCase.type, client: client)
        await client.shutdown()
        let delv = try delvVerdict(testCase.name, testCase.type)
        let all = "dvtool \(report.verdict), unbound \(unbound.verdict) \(unbound.code.map { "EDE \($0)" } ?? ""), delv \(delv), expected \(testCase.expected)"
        #expect(unbound.verdict == testCase.expected && unbound.verdict == report.verdict, "\(all)")
        #expect(delv == (testCase.delvExpected ?? testCase.expected), "\(all)")
        if let code = testCase.code { #expect(unbound.code == code && report.decidingStep?.failure?.error.code == code, "\(all)") }
    }

    private static func dvtoolReport(_ testCase: Case) async throws -> DNSSECReport {
        let (validator, client) = try await DNSSECWorld.validator()
        let report = await validator.validate(try DNSName(testCase.name), type: testCase.type, at: ValidationMoment.now.secondsSince1970)
        await client.shutdown()
        return report
    }

    /// Asks the validating Unbound after flushing the case's zone (the specific EDE comes only with a fresh answer).
    private func unboundVerdict(_ name: DNSName, _ type: RecordType, client: DNSClient) async throws -> (verdict: DNSSECVerdict, code: UInt16?) {
        // The case's zone (the last three labels), however deep the name: its negative and bogus answers go too.
        let zone = try DNSName(name.labels.suffix(3).joined(separator: "."))
        _ = try DNSSECWorld.run(DNSSECWorld.packageRoot.appendingPathComponent("scripts/testnet").path, ["flush", zone.description])
        let exchange = await client.query(DNSQuery(name: name, type: type, recursionDesired: true, dnssecOK: true),
                                          server: DNSSECWorld.resolver, policy: QueryPolicy(timeout: .seconds(10), attempts: 1))
        let message = try #require(exchange.message, "Unbound did not answer: \(exchange.error?.description ?? "")")
        let code = message.extendedErrors.first?.code
        switch message.rcode {
        case .noError, .nxDomain: return (message.authenticData ? .secure : .insecure, code)
        case .servFail: return ((6...12).contains(code ?? 0) ? .bogus : .indeterminate, code)
        default: return (.indeterminate, code)
        }
    }

    /// delv validates with the world's anchor itself (+cdflag makes Unbound pass the records through).
    private func delvVerdict(_ name: String, _ type: RecordType) throws -> DNSSECVerdict {
        let anchor = try String(contentsOfFile: DNSSECWorld.anchorPath, encoding: .utf8).split(separator: " ")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-delv-\(getpid()).conf")
        try "trust-anchors { . static-ds \(anchor[3]) \(anchor[4]) \(anchor[5]) \"\(anchor[6].trimmingCharacters(in: .whitespacesAndNewlines))\"; };\n"
            .write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let output = try DNSSECWorld.run("/usr/bin/delv", ["@127.53.53.53", "-a", config.path, "+cdflag", name, type.description])
        if output.contains("fully validated") { return .secure }
        if output.contains("unsigned answer") { return .insecure }
        if output.contains("resolution failed: failure") { return .indeterminate }
        return output.contains("resolution failed") ? .bogus : .indeterminate
    }
}
