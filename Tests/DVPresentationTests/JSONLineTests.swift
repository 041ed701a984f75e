import Foundation
import Testing
@testable import DVPresentation
@testable import DVResolve
import DVReport

/// `jsonLine` writes JSON by hand for speed; it must stay byte for byte what the encoded bulk rows (txt, doctor:
/// `NumberedReport` through `JSONOutput`) and an encoded report are.
@Suite("resolve: bulk JSON lines")
struct JSONLineTests {
    @Test(arguments: [JSONLineTests.full, JSONLineTests.sparse])
    func handWrittenLineEqualsJSONEncoder(_ report: ResolveReport) {
        #expect(report.jsonLine(line: 42) == JSONOutput.encode(NumberedReport(line: 42, report: report)))
        #expect(report.jsonLine() == JSONOutput.encode(report))
    }

    static let answer = ServerAnswer(
        name: "例子.测试.", server: "ns1.example.test.", address: "2001:db8::53", type: "AAAA", rcode: "NOERROR",
        authoritativeAnswer: true, addresses: ["2001:db8::10", "2001:db8::11"], cnames: ["a/b.example.test."], ttl: 300,
        negativeTTL: 600, serial: 4_294_967_295, rttMilliseconds: 12.34, transport: "udp",
        error: "quote \" backslash \\ tab \t newline \n bell \u{07} del \u{7F} é 🙂", verdict: .mismatch)

    static let full = ResolveReport(
        name: "www.example.test.", zone: "example.test.", discovery: .delegation, expected: ["192.0.2.10", "2001:db8::10"],
        nameservers: [NameServerReport(name: "ns1.example.test.", addresses: ["127.53.1.1", "::1"], inParent: true,
                                       inChild: false, serials: ["127.53.1.1": 7, "::1": 2_026_112_201, "10.0.0.1": 0])],
        authoritative: [answer, ServerAnswer(name: "x.", server: "s.", address: "127.0.0.1", type: "A", rcode: nil,
                                             authoritativeAnswer: false, addresses: [], cnames: [], ttl: nil, negativeTTL: nil,
                                             serial: nil, rttMilliseconds: 2, transport: "tcp", error: nil, verdict: .ok)],
        recursive: [answer], cnameChain: ["alias.example.test.", "www.example.test."], maximumTTL: 86_400,
        problems: [Problem(code: .serversDisagree, severity: .error, message: "ns1 says \"192.0.2.20\"\r\n"),
                   Problem(code: .nsMismatch, severity: .warning, message: "")],
        status: .problem)

    static let sparse = ResolveReport(
        name: "gone.test.", zone: nil, discovery: nil, expected: [], nameservers: [], authoritative: [], recursive: [],
        cnameChain: [], maximumTTL: nil, problems: [], status: .error)
}
