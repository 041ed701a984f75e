import DVDNS
import DVReport

/// One DNSSEC verdict as the other checks carry it (`dnssec` in their JSON): what was validated, the verdict,
/// and for a non-secure verdict where and why.
public struct DNSSECSummary: Sendable, Codable, Hashable {
    public var name: String
    public var type: String
    public var verdict: DNSSECVerdict
    /// The zone whose link decided a non-secure verdict.
    public var zone: String?
    /// "Signature Expired (EDE 7): …", or the proof of an insecure delegation.
    public var reason: String?
    public var fix: String?
}

extension DNSSECReport {
    public var summary: DNSSECSummary {
        let step = decidingStep
        let reason = step?.failure.map { "\($0.error.name) (EDE \($0.error.code)): \($0.error.extraText)" } ?? step?.result
        return DNSSECSummary(name: name.description, type: type, verdict: verdict, zone: step?.zone.description,
                             reason: reason, fix: step?.failure?.fix)
    }
}

/// A report that carries DNSSEC verdicts beside its own rows: bogus adds an error problem, and the status
/// follows through `CheckStatus.including`, the one rule; an indeterminate verdict is a part that could not be
/// checked (the CA's validating resolver may well fail there), so an ok report becomes could-not-check.
public protocol DNSSECCheckedReport {
    var dnssec: [DNSSECSummary]? { get set }
    var problems: [Problem] { get set }
    var status: CheckStatus { get set }
}

extension DNSSECCheckedReport {
    public mutating func attach(_ reports: [DNSSECReport]) {
        guard !reports.isEmpty else { return }
        dnssec = (dnssec ?? []) + reports.map(\.summary)
        let added = reports.flatMap(\.problems)
        problems += added
        status = status.including(added)
        if reports.contains(where: { $0.verdict == .indeterminate }), status == .ok { status = .error }
    }
}

extension DNSSECValidator {
    /// Validates several name and type pairs at once, as of now, in the given order.
    public func validate(_ questions: [(DNSName, RecordType)]) async -> [DNSSECReport] {
        let moment = ValidationMoment.now.secondsSince1970
        return await withTaskGroup(of: DNSSECReport.self) { group in
            for (name, type) in questions { group.addTask { await validate(name, type: type, at: moment) } }
            var reports: [DNSSECReport] = []
            for await report in group { reports.append(report) }
            return questions.compactMap { question in
                reports.first { $0.name == question.0 && $0.type == question.1.description }
            }
        }
    }
}
