import DVDNS
import DVReport

/// The problems a DNSSEC verdict puts in a report, worded as the CA words the failure.
enum DNSSECProblems {
    static func from(_ steps: [DNSSECStep], name: DNSName, type: RecordType, verdict: DNSSECVerdict) -> [Problem] {
        var problems: [Problem] = []
        if let step = steps.first(where: { $0.verdict == verdict && $0.verdict != .secure }) {
            switch verdict {
            case .bogus:
                let failure = step.failure?.error
                problems.append(Problem(code: .dnssecBogus, severity: .error, message:
                    "DNS problem: looking up \(type) for \(name): DNSSEC: \(failure?.name ?? "DNSSEC Bogus") (\(failure?.extraText ?? "")): every CA refuses; fix: \(step.failure?.fix ?? "")"))
            case .indeterminate:
                problems.append(Problem(code: .dnssecIndeterminate, severity: .warning, message:
                    "DNSSEC could not be checked for \(name) \(type): \(step.failure?.error.extraText ?? "no reply")"
                        + (step.unreachable.isEmpty ? "" : " (\(step.unreachable.prefix(3).joined(separator: "; ")))")))
            case .insecure:
                if let reason = step.result, reason.contains("cannot check") || reason.contains("iterations") {
                    problems.append(Problem(code: .dnssecUnusable, severity: .warning, message:
                        "\(name) is treated as unsigned by validators: \(reason)"))
                }
            case .secure:
                break
            }
        }
        for warning in steps.flatMap(\.warnings) {
            problems.append(Problem(code: .dnssecExpiring, severity: .warning, message: warning))
        }
        return problems
    }
}
