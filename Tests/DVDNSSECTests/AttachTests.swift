import Testing
import DVDNS
import DVReport
@testable import DVDNSSEC

/// How a DNSSEC verdict changes the report that carries it: bogus is a problem, indeterminate is a part that could
/// not be checked (never "ok"), secure and insecure change nothing.
@Suite struct AttachTests {
    struct Carrier: DNSSECCheckedReport {
        var dnssec: [DNSSECSummary]?
        var problems: [Problem] = []
        var status: CheckStatus = .ok
    }

    func report(_ verdict: DNSSECVerdict, problems: [Problem] = []) -> DNSSECReport {
        DNSSECReport(name: .root, type: "TXT", validatedAt: ValidationMoment(secondsSince1970: 0), verdict: verdict,
                     steps: [DNSSECStep(kind: .zone, zone: .root, verdict: verdict)], problems: problems,
                     status: verdict == .bogus ? .problem : verdict == .indeterminate ? .error : .ok)
    }

    @Test func verdictsAndTheStatusTheyLeave() {
        var carrier = Carrier()
        carrier.attach([report(.secure), report(.insecure)])
        #expect(carrier.status == .ok && carrier.dnssec?.count == 2)
        carrier.attach([report(.indeterminate)])
        #expect(carrier.status == .error, "an unvalidated answer is not ok")
        carrier.attach([report(.bogus, problems: [Problem(code: .dnssecBogus, severity: .error, message: "m")])])
        #expect(carrier.status == .problem, "a refusal outweighs what could not be checked")
    }
}
