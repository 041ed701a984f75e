import DVBasics
import DVMethod
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TokenReport {
    /// What the CA's record must say: its issuer domain and name, and the accounturi form it compares.
    public struct PersistRequest: Sendable {
        public let issuer: String
        public let caName: String
        public let account: ACMEAccountURL
        /// draft-02's accountHashPrefix with the account key's thumbprint; nil for the plain URL (draft -00/-01).
        public let hashing: (prefix: String, thumbprint: String)?
        public let wildcard: Bool
        /// UNIX seconds; nil for a record without an end.
        public let persistUntil: Int64?

        public init(issuer: String, caName: String, account: ACMEAccountURL, hashing: (prefix: String, thumbprint: String)?,
                    wildcard: Bool, persistUntil: Int64?) {
            self.issuer = issuer
            self.caName = caName
            self.account = account
            self.hashing = hashing
            self.wildcard = wildcard
            self.persistUntil = persistUntil
        }
    }

    /// `token persist`: the standing dns-persist-01 record at `_validation-persist.<name>` (BR 3.2.2.4.22).
    public static func persist(for name: TokenName, _ request: PersistRequest, zone: String?, now: Date = Date()) throws(TokenError) -> TokenReport {
        let zone = try Zone(given: zone, for: name.domain)
        let wildcard = request.wildcard || name.domain.isWildcard
        let accountURI = try request.hashing.map { hashing throws(TokenError) in
            try PersistAccountURI.hashed(prefix: hashing.prefix, domain: name.domain.base, thumbprint: hashing.thumbprint, account: request.account)
        } ?? .plain(request.account)
        let value = PersistRecord.value(issuer: request.issuer, accountURI: accountURI.value, wildcard: wildcard, persistUntil: request.persistUntil)
        let record = PublishedRecord(name: name.domain.validationName(.dnsPersist01), type: "TXT", value: value, ttl: 3600)
        var report = TokenReport(kind: "persist", ca: request.caName)
        report.method = ValidationMethod.dnsPersist01.rawValue
        report.domains = [name.reportName]
        report.values = [("issuer", "Issuer domain", request.issuer), ("accountURL", "Account URL", request.account.url),
                         ("accountURI", "accounturi", accountURI.value),
                         ("accountURIForm", "accounturi form", accountURI.form == .plain
                            ? "plain account URL (draft -00/-01: Boulder, Let's Encrypt staging)" : "hashed (draft-02)")]
        if let until = request.persistUntil {
            report.values.append(("persistUntil", "persistUntil", "\(until) (\(Date(timeIntervalSince1970: TimeInterval(until)).formatted(.iso8601)))"))
        }
        report.add(record, domain: name.domain, zone: zone)
        report.storedTokens = [StoredToken(domain: name.ascii, method: .dnsPersist, ca: request.caName, value: value,
                                           record: record.name, created: now)]
        report.notes.append("the record stays: the CA re-checks it at every validation (at least every 10 days, BR 3.2.2.4.22) and needs no change at renewal")
        if wildcard {
            report.notes.append("policy=wildcard lets this account get *.\(name.domain.base) and, in the draft, every subdomain; Let's Encrypt still checks each other name at its own _validation-persist record")
        } else {
            report.notes.append("without policy=wildcard the record covers \(name.domain.base) only (add --wildcard for *.\(name.domain.base))")
        }
        report.notes.append("CAA still applies: \(name.domain.base)'s CAA must allow \(request.issuer) (check with `dvtool caa \(name.domain.base) --ca \(request.issuer) --method dns-persist-01`)")
        let shown = name.domain.isWildcard ? "'\(name.ascii)'" : name.ascii
        report.notes.append("check it with `dvtool txt \(shown) --persist --ca \(request.issuer) --account-url \(request.account.url)`")
        if request.hashing != nil {
            report.warnings.append("the hashed accounturi is draft-02's; Let's Encrypt staging (draft-01) compares the plain account URL, and a key rollover changes the hash")
        }
        if let until = request.persistUntil, until <= Int64(now.timeIntervalSince1970) {
            throw TokenError(.invalidValue, "--until is in the past: the CA would not use a record whose persistUntil has passed")
        }
        report.warnings += request.account.warnings
        return report
    }
}
