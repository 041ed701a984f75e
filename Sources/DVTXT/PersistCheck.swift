// PersistCheck: `txt --persist`, the dns-persist-01 records on every server judged as the CA judges them.
import DVDNS
import DVMethod
import DVReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The dns-persist-01 part of a TXT report (JSON `persist`).
public struct PersistReport: Sendable, Codable {
    public struct Server: Sendable, Codable {
        public let server: String
        public let address: String
        public let verdict: PersistJudgement.Verdict
        public let caMessage: String?
    }

    public let issuerDomains: [String]
    /// Which accounturi form was checked: `plain` (draft -00/-01, Let's Encrypt staging) or `hashed` (draft-02).
    public let accountURIForm: PersistAccountURI.Form
    public let accountURIs: [PersistAccountURI]
    public let wildcard: Bool
    /// ISO 8601 UTC.
    public let validationTime: String
    /// The worst verdict over every server that answered.
    public let verdict: PersistJudgement.Verdict
    public let servers: [Server]
    /// Each distinct record served, with its fate at the CA.
    public let records: [PersistRecordOutcome]
}

extension TXTChecker {
    /// Checks the dns-persist-01 records at `name` (`_validation-persist.<domain>`) like any TXT (every
    /// authoritative server, then the resolvers, DNSSEC), then judges each server's set as the CA would.
    public func checkPersist(_ name: DNSName, expecting expectation: PersistExpectation, caName: String) async -> TXTReport {
        var report = await check(name, expected: [])
        let rows = report.authoritative.filter { $0.name == report.effectiveName && $0.rcode != nil && $0.verdict != .cname }
            + report.recursive.filter { $0.rcode != nil }
        let judged = rows.map { ($0, PersistJudgement.evaluate($0.values, expecting: expectation)) }
        let verdicts: [PersistJudgement.Verdict] = [.valid, .missing, .unauthorized, .malformed]
        let worst = judged.map(\.1.verdict).max { verdicts.firstIndex(of: $0)! < verdicts.firstIndex(of: $1)! } ?? .missing
        var seen = Set<String>()
        let records = judged.flatMap(\.1.records).filter { seen.insert($0.text).inserted }
        report.persist = PersistReport(
            issuerDomains: expectation.issuerDomains, accountURIForm: expectation.accountURIs.first?.form ?? .plain,
            accountURIs: expectation.accountURIs, wildcard: expectation.wildcard,
            validationTime: Date(timeIntervalSince1970: TimeInterval(expectation.validationTime)).formatted(.iso8601),
            verdict: worst, servers: judged.map { PersistReport.Server(server: $0.0.server, address: $0.0.address, verdict: $0.1.verdict, caMessage: $0.1.caMessage) },
            records: records)
        let problems = PersistJudge(judged: judged, expectation: expectation, caName: caName, records: records).problems()
        // Spaces belong in this record's syntax ("issuer; accounturi=…"): not the copy-paste slip they are in a challenge value.
        report.problems.removeAll { $0.code == .whitespaceValue }
        report.problems += problems
        if report.status == .ok, problems.contains(where: { $0.severity == .error }) { report.status = .problem }
        return report
    }
}

/// Turns per-server judgements into problems: one per distinct failure, naming the servers that show it.
struct PersistJudge {
    let judged: [(TXTReport.Row, PersistJudgement)]
    let expectation: PersistExpectation
    let caName: String
    let records: [PersistRecordOutcome]

    func problems() -> [Problem] {
        var problems: [Problem] = []
        // Servers whose sets fail the same way (the same CA message) are one problem, whatever else they serve.
        var groups: [(judgement: PersistJudgement, rows: [TXTReport.Row])] = []
        for (row, judgement) in judged where judgement.verdict != .valid {
            if let index = groups.firstIndex(where: { $0.judgement.verdict == judgement.verdict && $0.judgement.caMessage == judgement.caMessage }) {
                groups[index].rows.append(row)
            } else {
                groups.append((judgement, [row]))
            }
        }
        let everyRowMissing = judged.allSatisfy { $0.1.verdict == .missing }
        for group in groups where !(group.judgement.verdict == .missing && everyRowMissing) {
            problems.append(problem(group.judgement, at: servers(group.rows)))
        }
        return problems + warnings()
    }

    private func servers(_ rows: [TXTReport.Row]) -> String {
        if rows.count == judged.count, judged.count > 1 { return "every server" }
        return rows.map { $0.server == "resolver" ? "resolver \($0.address)" : "\($0.server) (\($0.address))" }.joined(separator: ", ")
    }

    private func problem(_ judgement: PersistJudgement, at place: String) -> Problem {
        let said = "\(caName) would answer \(judgement.verdict.rawValue) (\(judgement.caMessage ?? ""))"
        let ours = judgement.records.filter { $0.verdict != .otherIssuer }
        switch judgement.verdict {
        case .missing:
            return Problem(code: .txtMissing, severity: .error, message: "\(place) serves no TXT record at all: \(said)")
        case .malformed:
            let onlyLE = ours.contains { $0.verdict == .malformed && $0.onlyLetsEncrypt }
            return Problem(code: .persistMalformed, severity: .error, message: "\(place): \(said)"
                + (onlyLE ? "; RFC 8659's grammar allows the trailing \";\", but Let's Encrypt rejects it: remove it" : ""))
        case .unauthorized, .valid:
            guard let first = ours.first else {
                let issuers = Set(judgement.records.compactMap(\.issuer)).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                return Problem(code: .persistWrongIssuer, severity: .error,
                    message: "\(place): the records name issuer \(issuers); \(caName) accepts "
                        + expectation.issuerDomains.map { "\"\($0)\"" }.joined(separator: ", ") + " only and ignores them: \(said)")
            }
            switch first.verdict {
            case .accountMismatch:
                let form = expectation.accountURIs.first?.form == .plain ? "the plain account URL (draft -00/-01, as Let's Encrypt staging compares it)" : "draft-02's hashed accounturi"
                return Problem(code: .persistAccountMismatch, severity: .error,
                    message: "\(place): \(said); dvtool compared \(form): check the account URL (staging and production accounts differ) and the form your CA expects")
            case .policyMismatch:
                return Problem(code: .persistWildcardPolicy, severity: .error,
                    message: "\(place): \(said); a wildcard needs policy=wildcard in the record")
            default:
                return Problem(code: .persistExpired, severity: .error,
                    message: "\(place): \(said); the CA must not use a record after its persistUntil (BR 3.2.2.4.22): publish a new one")
            }
        }
    }

    private func warnings() -> [Problem] {
        var warnings: [Problem] = []
        for outcome in records where outcome.verdict == .valid {
            guard let record = outcome.record else { continue }
            if !record.ignoredTags.isEmpty {
                warnings.append(Problem(code: .persistMalformed, severity: .warning,
                    message: "the record \"\(outcome.text)\" has parameters the CA ignores: " + record.ignoredTags.map { "\"\($0)\"" }.joined(separator: ", ") + " (a typo for accounturi, policy or persistUntil?)"))
            }
            if let until = record.persistUntil, until - expectation.validationTime < 10 * 86_400 {
                warnings.append(Problem(code: .persistExpired, severity: .warning,
                    message: "the record's persistUntil \(Date(timeIntervalSince1970: TimeInterval(until)).formatted(.iso8601)) is less than 10 days away: the CA re-validates at least every 10 days and will then refuse it"))
            }
        }
        return warnings
    }
}
