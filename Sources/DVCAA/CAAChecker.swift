import DVDNS
import DVDNSSEC
import DVReport

/// RFC 8659 CAA evaluation for one CA, as its validator would do it (Boulder's order of checks).
public struct CAAChecker: Sendable {
    let lookup: DNSLookup
    /// Validates the CAA lookup at each name climbed; nil leaves DNSSEC out.
    let dnssec: DNSSECValidator?

    public init(client: DNSClient, finder: AuthorityFinder, resolvers: [ServerAddress], policy: QueryPolicy,
                dnssec: DNSSECValidator? = nil) {
        lookup = DNSLookup(client: client, finder: finder, resolvers: resolvers, policy: policy)
        self.dnssec = dnssec
    }

    /// The tags Let's Encrypt's validator (Boulder) knows; any other tag marked critical blocks issuance. Other
    /// CAs may know more (contactemail, contactphone), but "blocked" is the answer that never misleads. issuemail
    /// and issuevmc are recognised (va/caa.go) though they never authorize a TLS certificate.
    static let knownTags: Set<String> = ["issue", "issuewild", "iodef", "issuemail", "issuevmc"]

    /// The critical flag: bit 0 (128) per RFC 8659; Boulder also honours the low bit (1) that some software set
    /// after RFC 6844's erratum.
    static func isCritical(_ flags: UInt8) -> Bool { flags & 128 != 0 || flags & 1 != 0 }

    /// `domain` may start with `*.`: then issuewild rules apply to the base name.
    public func check(_ domain: DNSName, ca: CertificateAuthority, accountURI: String? = nil, method: String? = nil) async -> CAAReport {
        var report = await evaluate(domain, ca: ca, accountURI: accountURI, method: method)
        if let dnssec {
            let names = report.steps.compactMap { try? DNSName($0.name) }
            report.attach(await dnssec.validate(names.map { ($0, .caa) }))
        }
        report.status = report.judged()
        return report
    }

    private func evaluate(_ domain: DNSName, ca: CertificateAuthority, accountURI: String?, method: String?) async -> CAAReport {
        let wildcard = domain.labels.first == "*"
        let base = wildcard ? domain.parent : domain
        var report = CAAReport(domain: base.description, wildcard: wildcard, ca: ca, accountURI: accountURI, method: method,
                               steps: [], foundAt: nil, relevantRecords: [], matchingRecord: nil, decision: .allowed,
                               reason: "", problems: [], status: .ok)
        var candidate = base
        var relevant: [ServedCAA] = []
        // Climb to, but not including, the root; a TLD's CAA set counts.
        while !candidate.isRoot {
            let result = await lookup.lookup(candidate, type: .caa)
            // In wire order, as served: the tag keeps its case in the evidence and is compared in lower case.
            let records: [ServedCAA] = result.records.compactMap { record in
                guard case let .caa(flags, tag, value) = record.data else { return nil }
                return ServedCAA(flags: flags, servedTag: tag, value: String(decoding: value, as: UTF8.self))
            }
            report.steps.append(CAAReport.Step(name: candidate.description, rcode: result.rcode?.description,
                                               records: records.map(\.text),
                                               cnames: result.cnames.map(\.description), via: result.via, error: result.error))
            if let error = result.error {
                report.decision = .lookupFailed
                // Could not check, not a finding: no server answering here may be this network's outage.
                report.reason = "the CAA lookup for \(candidate) failed (\(error)); a CA whose lookup fails refuses to issue"
                report.problems.append(Problem(code: .caaLookupFailed, severity: .warning, message: "could not check CAA: " + report.reason))
                return report
            }
            if !records.isEmpty {
                relevant = records
                report.foundAt = candidate.description
                break
            }
            candidate = candidate.parent
        }
        report.relevantRecords = relevant.map(\.text)
        guard let foundAt = report.foundAt else {
            report.reason = "no CAA record on \(base) or any parent: every CA may issue"
            return report
        }
        if let critical = relevant.first(where: { Self.isCritical($0.flags) && !Self.knownTags.contains($0.tag) }) {
            return blocked(&report, "the CAA set at \(foundAt) has the critical tag \"\(critical.tag)\" (flags \(critical.flags)) that CAs do not process: nobody may issue; remove it or clear its critical flag")
        }
        let wildRecords = relevant.filter { $0.tag == "issuewild" }
        let chosen = wildcard && !wildRecords.isEmpty ? wildRecords : relevant.filter { $0.tag == "issue" }
        let property = wildcard && !wildRecords.isEmpty ? "issuewild" : "issue"
        guard !chosen.isEmpty else {
            // RFC 8659 5.3, and Boulder since 2025-03 (#8033, "no relevant records"): a set without issue or
            // issuewild restricts nobody, for a wildcard too (Boulder refused wildcards here before).
            report.reason = "the CAA set at \(foundAt) has no \(property) record: every CA may issue"
            return report
        }
        var nearMisses: [String] = []
        for record in chosen {
            let text = record.text
            guard let value = CAAIssueValue(record.value) else {
                nearMisses.append("\(text) is malformed and authorizes nobody")
                continue
            }
            guard !value.issuerDomain.isEmpty else { continue }
            guard ca.issuerDomains.contains(value.issuerDomain) else {
                // Boulder compares the issuer domain byte for byte.
                if ca.issuerDomains.contains(value.issuerDomain.lowercased()) {
                    nearMisses.append("\(text) spells the issuer domain with capitals, which Let's Encrypt does not match; write \(value.issuerDomain.lowercased())")
                }
                continue
            }
            if let account = value.parameters["accounturi"], account != accountURI {
                nearMisses.append(accountURI == nil
                    ? "\(text) allows only the ACME account \(account); pass --account-uri to check yours"
                    : "\(text) allows only the ACME account \(account), not \(accountURI!)")
                continue
            }
            if let methods = value.parameters["validationmethods"] {
                guard let method, Self.validationMethods(methods, allow: method) else {
                    nearMisses.append("\(text) allows only the validation methods \(methods)"
                        + (method.map { ", not \($0) (read in order: Let's Encrypt refuses the record at the first entry that is not a method name)" }
                            ?? "; pass --method to check yours"))
                    continue
                }
            }
            report.matchingRecord = text
            report.reason = "\(text) at \(foundAt) allows \(ca.name)" + (wildcard ? " to issue wildcard certificates" : "")
            return report
        }
        let listing = CAAReport.summary(of: chosen.map(\.text), separator: ", ")
        var reason = "the CAA set at \(foundAt) (\(listing)) does not allow \(ca.name) (\(ca.issuerDomains.joined(separator: ", ")))"
        if !nearMisses.isEmpty { reason += ": " + nearMisses.joined(separator: "; ") }
        if wildcard && wildRecords.isEmpty { reason += "; for a wildcard the issue records apply because there is no issuewild record" }
        if relevant.contains(where: { $0.value.contains("'") || $0.value.contains(" ") && !$0.value.contains(";") }) {
            reason += "; note: quotes or spaces inside the value are part of it (write \(ca.issuerDomains[0]), not '\(ca.issuerDomains[0])')"
        }
        return blocked(&report, reason + ". Add: \(foundAt) CAA 0 \(property) \"\(ca.issuerDomains[0])\"")
    }

    /// One CAA record as served: `tag` in lower case for comparing, `text` with the tag's own case for evidence.
    struct ServedCAA {
        let flags: UInt8
        let servedTag: String
        let value: String
        var tag: String { servedTag.lowercased() }
        var text: String { "\(flags) \(servedTag) \"\(value)\"" }
    }

    /// RFC 8657's validationmethods as Boulder reads it (va/caa.go caaValidationMethodMatches): the entries in
    /// order; one that is not `1*(ALPHA / DIGIT / "-")` (an empty one too) makes the record unsatisfiable, and the
    /// method's own name allows it.
    static func validationMethods(_ list: String, allow method: String) -> Bool {
        for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard !entry.isEmpty, entry.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return false }
            if entry == method { return true }
        }
        return false
    }

    private func blocked(_ report: inout CAAReport, _ reason: String) -> CAAReport {
        report.decision = .blocked
        report.reason = reason
        report.problems.append(Problem(code: .caaBlocks, severity: .error, message: reason))
        return report
    }
}
