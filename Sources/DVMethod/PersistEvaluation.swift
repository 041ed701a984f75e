// PersistEvaluation: what a CA concludes from the dns-persist-01 records one server serves, in Boulder's order.

/// An accounturi value the CA may expect, and which revision of the draft it belongs to.
public struct PersistAccountURI: Sendable, Equatable, Codable {
    public enum Form: String, Sendable, Codable {
        /// The plain ACME account URL: draft -00/-01, what Boulder and Let's Encrypt staging compare byte for byte.
        case plain
        /// draft-02's hashed URI over the validated FQDN.
        case hashed
        /// draft-02's hashed URI over `*` (the record does not name its domain).
        case hashedAnyDomain = "hashed-any-domain"
    }

    public let form: Form
    public let value: String

    public init(form: Form, value: String) {
        self.form = form
        self.value = value
    }
}

/// What the record set must satisfy: the CA's issuer names, the accounturi values it accepts (the first is the
/// one its messages name), whether the certificate name is a wildcard, and the validation time.
public struct PersistExpectation: Sendable {
    public let issuerDomains: [String]
    public let accountURIs: [PersistAccountURI]
    public let wildcard: Bool
    /// UNIX seconds.
    public let validationTime: Int64

    public init(issuerDomains: [String], accountURIs: [PersistAccountURI], wildcard: Bool, validationTime: Int64) {
        self.issuerDomains = issuerDomains.compactMap(PersistRecord.normalizedIssuer)
        self.accountURIs = accountURIs
        self.wildcard = wildcard
        self.validationTime = validationTime
    }
}

/// One TXT record's fate at the CA.
public struct PersistRecordOutcome: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case valid, malformed
        case otherIssuer = "other-issuer"
        case accountMismatch = "account-mismatch"
        case policyMismatch = "policy-mismatch"
        case expired
    }

    /// The record's strings joined.
    public let text: String
    public let issuer: String?
    public let verdict: Verdict
    /// Boulder's words for it (nil for a valid record or another CA's, which Boulder skips silently).
    public let detail: String?
    /// For a valid record: which accounturi form matched.
    public let matchedForm: PersistAccountURI.Form?
    /// Malformed only at Let's Encrypt (a trailing `;`, which RFC 8659's grammar tolerates).
    public let onlyLetsEncrypt: Bool
    public let record: PersistRecord?
}

/// The CA's conclusion over one server's records (Boulder's precedence: a good record wins; else a malformed
/// record for this CA; else an authorization failure; else nothing for this CA).
public struct PersistJudgement: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case valid, malformed, unauthorized
        /// No TXT record at all.
        case missing
    }

    public let verdict: Verdict
    /// The problem detail Boulder would return; nil when valid.
    public let caMessage: String?
    public let records: [PersistRecordOutcome]

    public static func evaluate(_ values: [String], expecting expectation: PersistExpectation) -> PersistJudgement {
        guard !values.isEmpty else {
            return PersistJudgement(verdict: .missing, caMessage: "No TXT record found for DNS-PERSIST-01 challenge", records: [])
        }
        let outcomes = values.map { outcome(of: $0, expecting: expectation) }
        if outcomes.contains(where: { $0.verdict == .valid }) {
            return PersistJudgement(verdict: .valid, caMessage: nil, records: outcomes)
        }
        let syntax = outcomes.filter { $0.verdict == .malformed }.compactMap(\.detail)
        if !syntax.isEmpty { return PersistJudgement(verdict: .malformed, caMessage: syntax.joined(separator: "; "), records: outcomes) }
        let refused = outcomes.filter { [.accountMismatch, .policyMismatch, .expired].contains($0.verdict) }.compactMap(\.detail)
        return PersistJudgement(verdict: .unauthorized,
                                caMessage: refused.isEmpty ? "No valid TXT record found for DNS-PERSIST-01 challenge" : refused.joined(separator: "; "),
                                records: outcomes)
    }

    static func outcome(of text: String, expecting expectation: PersistExpectation) -> PersistRecordOutcome {
        let parsed = PersistRecord.parse(text)
        let ours = parsed.issuer.map { expectation.issuerDomains.contains($0) } ?? false
        func make(_ verdict: PersistRecordOutcome.Verdict, _ detail: String? = nil, form: PersistAccountURI.Form? = nil,
                  onlyLetsEncrypt: Bool = false, record: PersistRecord? = nil) -> PersistRecordOutcome {
            PersistRecordOutcome(text: text, issuer: parsed.issuer, verdict: verdict, detail: detail, matchedForm: form,
                                 onlyLetsEncrypt: onlyLetsEncrypt, record: record)
        }
        let record: PersistRecord
        switch parsed.result {
        case let .failure(error):
            guard ours, let issuer = parsed.issuer else { return make(.otherIssuer) }
            return make(.malformed, "Parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"\(issuer)\": \(error.reason)",
                        onlyLetsEncrypt: error.onlyLetsEncrypt)
        case let .success(parsedRecord):
            guard ours else { return make(.otherIssuer, record: parsedRecord) }
            record = parsedRecord
        }
        let checking = "Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"\(record.issuer)\": "
        guard let matched = expectation.accountURIs.first(where: { $0.value == record.accountURI }) else {
            let expected = expectation.accountURIs.first?.value ?? ""
            return make(.accountMismatch, checking + "accounturi mismatch: expected \"\(expected)\", got \"\(record.accountURI)\"", record: record)
        }
        if expectation.wildcard && !record.allowsWildcard {
            return make(.policyMismatch, checking + "policy mismatch: expected \"wildcard\", got \"\(record.policy ?? "")\"", record: record)
        }
        if let until = record.persistUntil, expectation.validationTime > until {
            return make(.expired, checking + "validation time \(rfc3339(expectation.validationTime)) is after persistUntil \(rfc3339(until))", record: record)
        }
        return make(.valid, form: matched.form, record: record)
    }
}
