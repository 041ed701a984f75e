import DVBasics
import DVCAA
import DVDomain
import DVMethod
import DVReport
import DVTXT

/// The gate an ACME client's hook runs before the client answers the CA: for every record, every value on every
/// address of every authoritative server (apex and wildcard values together), no resolver holding an old answer
/// or a cached NXDOMAIN, DNSSEC not bogus (through the TXT checker's validator), and CAA allowing the CA.
/// It polls until all of that holds or the wait ends.
public struct DNSGate: Sendable {
    public struct Settings: Sendable {
        public var ca: CertificateAuthority?
        /// The whole wait, all rounds together.
        public var waitTimeout: Duration
        public var interval: Duration

        public init(ca: CertificateAuthority?, waitTimeout: Duration = .seconds(600), interval: Duration = .seconds(5)) {
            self.ca = ca
            self.waitTimeout = waitTimeout
            self.interval = interval
        }
    }

    let txt: TXTChecker
    let caa: CAAChecker
    let settings: Settings

    public init(txt: TXTChecker, caa: CAAChecker, settings: Settings) {
        self.txt = txt
        self.caa = caa
        self.settings = settings
    }

    /// Runs rounds until every record passes or the wait is over; `progress` gets one line per round that failed.
    /// `checkedBefore`: records an earlier gate of the same name already saw through (acme.sh adds one value at a
    /// time): a resolver that cached exactly those cached them from that gate's own question, not from the CA's,
    /// so it does not hold the CA back.
    public func run(_ records: [ChallengeRecord], checkedBefore: [ChallengeRecord] = [],
                    progress: @Sendable (String) -> Void = { _ in }) async -> GateReport {
        let started = ContinuousClock.now
        let deadline = started + settings.waitTimeout
        let names = unique(records.map(\.name))
        let expected = { (name: String) in unique(records.filter { $0.name == name }.map(\.value)) }
        var caaReports: [CAAReport] = []
        if let ca = settings.ca {
            // CAA is the same for every round: a refusal does not go away by waiting.
            for domain in unique(records.flatMap(Self.caaNames)) {
                if let name = try? DNSName(domain) { caaReports.append(await caa.check(name, ca: ca)) }
            }
        }
        var rounds = 0
        var reports: [TXTReport] = []
        while true {
            rounds += 1
            reports = await check(names, expected: expected)
            let passed = reports.count == names.count && !reports.isEmpty
                && reports.allSatisfy { $0.status == .ok || Self.onlyOwnPartialSet($0, checkedBefore) }
                && caaReports.allSatisfy { $0.decision == .allowed }
            let blockedByCAA = caaReports.contains { $0.decision != .allowed }
            if passed || blockedByCAA || ContinuousClock.now + settings.interval >= deadline {
                let notes = reports.filter { $0.status != .ok && Self.onlyOwnPartialSet($0, checkedBefore) }.map {
                    "resolvers still cache the earlier value(s) of \($0.name) that the previous gate checked; the CA's resolvers did not ask then, so they will see every value"
                }
                return GateReport(passed: passed, rounds: rounds, seconds: (ContinuousClock.now - started).inSeconds,
                                  records: records, txt: reports, caa: caaReports, notes: notes)
            }
            progress(Self.progressLine(reports, elapsed: ContinuousClock.now - started, limit: settings.waitTimeout))
            try? await Task.sleep(for: settings.interval)
        }
    }

    private func check(_ names: [String], expected: (String) -> [String]) async -> [TXTReport] {
        await withTaskGroup(of: TXTReport.self) { group in
            for name in names {
                guard let dnsName = try? DNSName(name) else { continue }
                let values = expected(name)
                group.addTask { await txt.check(dnsName, expected: values) }
            }
            var reports: [TXTReport] = []
            for await report in group { reports.append(report) }
            return names.compactMap { name in reports.first { $0.name == name } }
        }
    }

    /// Whether a report fails only because resolvers still cache values all of which an earlier gate of this
    /// name checked (and so made them cache): every authoritative row is ok and nothing else is wrong.
    static func onlyOwnPartialSet(_ report: TXTReport, _ checkedBefore: [ChallengeRecord]) -> Bool {
        let earlier = Set(checkedBefore.filter { $0.name == report.name }.map(\.value))
        guard !earlier.isEmpty, report.authoritative.allSatisfy({ $0.verdict == .ok || $0.verdict == .cname }) else { return false }
        let stale = report.recursive.filter { $0.verdict != .ok }
        return !stale.isEmpty && stale.allSatisfy { $0.verdict == .stale && !$0.values.isEmpty && Set($0.values).isSubset(of: earlier) }
            && report.problems.allSatisfy { $0.severity != .error || $0.code == .resolverStale }
    }

    /// The names CAA is checked for: the identifier, `*.`identifier for a wildcard (issuewild), both when unknown.
    static func caaNames(_ record: ChallengeRecord) -> [String] {
        let base = identifier(record.name)
        switch record.wildcard {
        case true?: return ["*." + base]
        case false?: return [base]
        case nil: return [base, "*." + base]
        }
    }

    /// `_acme-challenge.www.example.com.` (or dns-account-01's `_<label>._acme-challenge.www.example.com.`) →
    /// `www.example.com.`: the name CAA is checked for.
    static func identifier(_ recordName: String) -> String {
        let labels = recordName.split(separator: ".", maxSplits: 1).map(String.init)
        let accountRecord = labels.count == 2 && labels[0].hasPrefix("_") && labels[1].lowercased().hasPrefix((ValidationMethod.dnsAccount01.dnsLabel ?? "") + ".")
        return ValidationMethod.dns01.domain(ofRecordName: accountRecord ? labels[1] : recordName)
    }

    static func progressLine(_ reports: [TXTReport], elapsed: Duration, limit: Duration) -> String {
        let waiting = reports.filter { $0.status != .ok }.map { report in
            let servers = report.authoritative.filter { $0.name == report.effectiveName }
            if servers.isEmpty { return "\(report.name) \(report.problems.first?.message ?? "no server asked")" }
            let ready = servers.filter { $0.verdict == .ok }.count
            let stale = report.recursive.filter { $0.verdict != .ok }.count
            return "\(report.name) \(ready)/\(servers.count) servers" + (stale > 0 ? ", \(stale) resolver(s) stale" : "")
        }
        return "dvtool gate: waiting \(elapsed.components.seconds)s of \(limit.components.seconds)s: " + waiting.joined(separator: "; ")
    }
}

/// The gate's outcome (the JSON of `dvtool hook … --json`): every TXT and CAA report, and the CA's words.
public struct GateReport: Sendable, Codable {
    public var passed: Bool
    public var rounds: Int
    public var seconds: Double
    public var records: [ChallengeRecord]
    public var txt: [TXTReport]
    public var caa: [CAAReport]
    public var notes: [String]

    public var status: CheckStatus {
        passed ? .ok : (txt.allSatisfy { $0.status == .error } && caa.allSatisfy { $0.decision == .allowed } ? .error : .problem)
    }

    /// What the CA would answer if the client submitted now, in its words (Let's Encrypt's), one line per cause.
    public var whatTheCAWouldSay: [String] {
        var lines: [String] = []
        for report in txt where report.status != .ok {
            let name = report.effectiveName.withoutTrailingDot
            let servers = report.authoritative.filter { $0.name == report.effectiveName }
            if let bogus = report.problems.first(where: { $0.code == .dnssecBogus }) {
                lines.append(bogus.message)
            } else if servers.contains(where: { $0.verdict == .nxdomain }) {
                lines.append("DNS problem: NXDOMAIN looking up TXT for \(name) - check that a DNS record exists for this domain")
            } else if let wrong = servers.first(where: { $0.verdict == .missing && !$0.values.isEmpty }) {
                let more = wrong.values.count > 1 ? " (and \(wrong.values.count - 1) more)" : ""
                lines.append("Incorrect TXT record \"\(wrong.values[0])\"\(more) found at \(name)")
            } else if servers.contains(where: { $0.verdict == .missing || $0.verdict == .nodata }) {
                lines.append("No TXT record found at \(name)")
            } else if report.recursive.contains(where: { $0.verdict == .stale }) {
                lines.append("a resolver still holds the old answer for \(name): a CA resolver that asked before may answer the same")
            }
            lines += report.problems.filter { $0.severity == .error && $0.code != .dnssecBogus }.prefix(3).map { "  (\($0.code)) \($0.message)" }
        }
        for report in caa where report.decision != .allowed {
            lines.append("CAA record for \(report.foundAt ?? report.domain) prevents issuance: \(report.reason)")
        }
        return lines
    }
}
