// The 2026 DNS methods at one perspective: dns-account-01 (BR 3.2.2.4.21) and dns-persist-01 (BR 3.2.2.4.22).
import DVDNS
import DVMethod
import DVToken
import DVTXT
import FoundationEssentials

extension PerspectiveAgent {
    /// dns-account-01: the key authorization hash at `_<label>._acme-challenge.<domain>`, the label computed from
    /// the account URL (a wildcard validated at its base name; CNAMEs followed, the method's point). Failures end
    /// with Boulder's `(account: "<url>")`, so a reader can check the label came from the URL the client uses.
    func accountCheck(_ target: String, expected: String, accountURL: String) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        let label: String
        do { label = try ACMEAccountURL(accountURL).dnsAccountLabel() } catch {
            return (false, [.init("mpic_error:malformed", "dvtool_account_url: \(error.description)")], .init())
        }
        let name = ["_" + label, ValidationMethod.dnsAccount01.dnsLabel ?? "", Self.base(of: target)].joined(separator: ".")
        let (passed, errors, details) = await dnsCheck(name, type: .txt, expected: expected, exact: true)
        return (passed, errors.map { .init($0.errorType, $0.errorMessage + " (account: \"\(accountURL)\")") }, details)
    }

    /// dns-persist-01: the `_validation-persist` records judged as the CA judges them (PersistJudgement) for the
    /// issuer domains and the plain accounturi, at this moment; a wildcard needs policy=wildcard. The primary
    /// judges every authoritative server's set (`txt --persist`), a remote the set its resolvers give. The
    /// verdict and the accepted record's accounturi go into the details for the coordinator's corroboration.
    func persistCheck(_ target: String, issuerDomains: [String], accountURI: String) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        let name = (ValidationMethod.dnsPersist01.dnsLabel ?? "") + "." + Self.base(of: target)
        guard let dnsName = try? DNSName(name) else { return (false, [.init("dcv:malformed", "\(name) is not a domain name")], .init()) }
        let expectation = PersistExpectation(issuerDomains: issuerDomains, accountURIs: [PersistAccountURI(form: .plain, value: accountURI)],
                                             wildcard: target.hasPrefix("*."), validationTime: Int64(Date().timeIntervalSince1970))
        guard let everyServer else {
            var (values, failure, details) = await resolverLookup(dnsName, type: .txt)
            guard let values else { return (false, failure.map { [$0] } ?? [], details) }
            let judgement = PersistJudgement.evaluate(values, expecting: expectation)
            details.persistVerdict = judgement.verdict.rawValue
            details.persistAccountURI = judgement.records.first { $0.verdict == .valid }?.record?.accountURI
            guard judgement.verdict == .valid else { return (false, [.init("dcv:dns", judgement.caMessage ?? judgement.verdict.rawValue)], details) }
            return (true, [], details)
        }
        let report = await everyServer.checkPersist(dnsName, expecting: expectation, caName: "the CA")
        var details = MPICResponse.Details()
        details.foundAt = report.effectiveName.withoutTrailingDot
        details.cnameChain = report.cnameChain
        guard let persist = report.persist, !persist.servers.isEmpty else {
            let reason = report.problems.first?.message ?? "no authoritative server could be asked"
            return (false, [.init("dcv:dns", "DNS problem: could not check every authoritative server of \(details.foundAt ?? name): \(reason)")], details)
        }
        details.recordsSeen = persist.records.map(\.text)
        details.persistVerdict = persist.verdict.rawValue
        details.persistAccountURI = persist.records.first { $0.verdict == .valid }?.record?.accountURI
        let failing = persist.servers.filter { $0.verdict != .valid }
        guard let first = failing.first else { return (true, [], details) }
        let servers = failing.map { Self.serverName($0.server, $0.address) }
        return (false, [.init("dcv:dns", "\(first.caMessage ?? first.verdict.rawValue) (at \(details.foundAt ?? name) on \(servers.joined(separator: ", ")): "
            + "a CA's resolver that asks \(failing.count == 1 ? "that server" : "those servers") fails)")], details)
    }

    /// Where a wildcard is validated: its base name (RFC 8555 §8.4).
    static func base(of target: String) -> String { target.hasPrefix("*.") ? String(target.dropFirst(2)) : target }
}
