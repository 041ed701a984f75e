// dns-persist-01 records judged as Boulder judges them: the cases of va/dns_persist.go as a table.
import Testing
import DVMethod

@Suite("dns-persist-01 record")
struct PersistRecordTests {
    static let account = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789"
    /// 2026-12-06T00:00:00Z.
    static let now: Int64 = 1_796_515_200

    static func judge(_ values: [String], wildcard: Bool = false, at time: Int64 = now,
                      accountURIs: [PersistAccountURI] = [PersistAccountURI(form: .plain, value: account)]) -> PersistJudgement {
        PersistJudgement.evaluate(values, expecting: PersistExpectation(issuerDomains: ["letsencrypt.org"], accountURIs: accountURIs,
                                                                        wildcard: wildcard, validationTime: time))
    }

    /// (records, wildcard, verdict, words the CA's message must contain)
    static let cases: [([String], Bool, PersistJudgement.Verdict, String?)] = [
        (["letsencrypt.org; accounturi=\(account)"], false, .valid, nil),
        (["letsencrypt.org; accounturi=\(account)"], true, .unauthorized, #"policy mismatch: expected "wildcard", got """#),
        (["letsencrypt.org; accounturi=\(account); policy=WILDCARD"], true, .valid, nil),
        (["letsencrypt.org; accounturi=\(account); policy=wildcard; persistUntil=1767225600"], false, .unauthorized,
         "validation time 2026-12-06T00:00:00Z is after persistUntil 2026-01-01T00:00:00Z"),
        (["letsencrypt.org; accounturi=\(account); persistUntil=1799999999"], false, .valid, nil),
        (["letsencrypt.org; accounturi=\(account);"], false, .malformed, "empty parameter or trailing semicolon provided"),
        (["letsencrypt.org; accounturi=A; accounturi=B"], false, .malformed, #"duplicate parameter "accounturi""#),
        (["letsencrypt.org; accountURI=A; AccountUri=B"], false, .malformed, #"duplicate parameter "AccountUri""#),
        (["letsencrypt.org; accounturi=\(account); persistUntil=2027-01-01"], false, .malformed, #"malformed persistUntil timestamp "2027-01-01""#),
        (["letsencrypt.org; policy=wildcard"], false, .malformed, "missing mandatory accounturi parameter"),
        (["letsencrypt.org; accounturi="], false, .malformed, "empty value provided for mandatory accounturi"),
        (["letsencrypt.org; accounturi"], false, .malformed, "should be tag=value pair"),
        (["letsencrypt.org; =x; accounturi=\(account)"], false, .malformed, "empty tag"),
        (["letsencrypt.org; accounturi=\(account); note=caf\u{E9}"], false, .malformed, "malformed value"),
        (["LetsEncrypt.ORG.; accounturi=\(account)"], false, .valid, nil),
        (["letsencrypt.org; accounturi=\(account); foo=bar"], false, .valid, nil),
        (["ca.example; accounturi=\(account)"], false, .unauthorized, "No valid TXT record found for DNS-PERSIST-01 challenge"),
        (["ca.example; accounturi=\(account)", "letsencrypt.org; accounturi=\(account)"], false, .valid, nil),
        (["letsencrypt.org; accounturi=\(account);", "letsencrypt.org; accounturi=\(account)"], false, .valid, nil),
        (["letsencrypt.org; accounturi=\(account)/"], false, .unauthorized, "accounturi mismatch: expected \"\(account)\", got \"\(account)/\""),
        (["letsencrypt.org; accounturi=\(account); policy=subdomains"], true, .unauthorized, "policy mismatch"),
        ([], false, .missing, "No TXT record found for DNS-PERSIST-01 challenge"),
        // Another CA's malformed record is skipped; ours, malformed, beats another's refusal.
        (["ca.example;", "letsencrypt.org; accounturi=x"], false, .unauthorized, "accounturi mismatch"),
        (["letsencrypt.org; accounturi=x", "letsencrypt.org;"], false, .malformed, "trailing semicolon"),
        // IDN issuer: compared in A-label form.
        (["üñicode-example.com; accounturi=\(account)"], false, .unauthorized, "No valid TXT record found"),
        (["  letsencrypt.org\t;\taccounturi=\(account)  "], false, .valid, nil),
    ]

    @Test(arguments: cases.indices)
    func boulderCases(row: Int) {
        let (values, wildcard, verdict, words) = Self.cases[row]
        let judgement = Self.judge(values, wildcard: wildcard)
        #expect(judgement.verdict == verdict, "row \(row): \(judgement)")
        if let words { #expect(judgement.caMessage?.contains(words) == true, "row \(row): \(judgement.caMessage ?? "nil")") }
        if verdict == .valid { #expect(judgement.caMessage == nil) }
    }

    @Test func trailingSemicolonIsLetsEncryptsRuleOnly() throws {
        let outcome = try #require(Self.judge(["letsencrypt.org; accounturi=\(Self.account);"]).records.first)
        #expect(outcome.verdict == .malformed && outcome.onlyLetsEncrypt)
        let duplicate = try #require(Self.judge(["letsencrypt.org; accounturi=a; accounturi=b"]).records.first)
        #expect(duplicate.verdict == .malformed && !duplicate.onlyLetsEncrypt)
    }

    @Test func parsedFields() throws {
        let parsed = PersistRecord.parse("LetsEncrypt.org.; AccountURI=u; Policy=Wildcard; PERSISTUNTIL=+5; persistUntill=7")
        #expect(parsed.issuer == "letsencrypt.org")
        let record = try parsed.result.get()
        #expect(record.accountURI == "u" && record.allowsWildcard && record.persistUntil == 5)
        #expect(record.ignoredTags == ["persistUntill"])
        #expect(PersistRecord.normalizedIssuer("ÜÑICODE-example.com.") == "xn--icode-example-hkb8n.com")
    }

    /// BR 3.2.2.4.22's own table: validated at 2025-06-15T12:00:00Z.
    @Test func baselineRequirementsPersistUntilTable() {
        let at: Int64 = 1_749_988_800
        let base = "letsencrypt.org; accounturi=\(Self.account)"
        #expect(Self.judge([base + "; persistUntil=1767225600"], at: at).verdict == .valid)
        #expect(Self.judge([base + "; persistUntil=1735689600"], at: at).verdict == .unauthorized)
        #expect(Self.judge([base], at: at).verdict == .valid)
        // The boundary: at persistUntil itself the record still counts (the CA refuses only after it).
        #expect(Self.judge([base + "; persistUntil=\(at)"], at: at).verdict == .valid)
        #expect(Self.judge([base + "; persistUntil=\(at - 1)"], at: at).verdict == .unauthorized)
    }

    @Test func matchedFormIsReported() {
        let hashed = PersistAccountURI(form: .hashed, value: "https://ca.example/account-hash/sha-256/abc")
        let judgement = Self.judge(["letsencrypt.org; accounturi=https://ca.example/account-hash/sha-256/abc"],
                                   accountURIs: [PersistAccountURI(form: .plain, value: Self.account), hashed])
        #expect(judgement.verdict == .valid)
        #expect(judgement.records.first?.matchedForm == .hashed)
    }

    @Test func publishedValue() {
        #expect(PersistRecord.value(issuer: "letsencrypt.org", accountURI: "u", wildcard: true, persistUntil: 9)
            == "letsencrypt.org; accounturi=u; policy=wildcard; persistUntil=9")
        #expect(PersistRecord.value(issuer: "letsencrypt.org", accountURI: "u", wildcard: false, persistUntil: nil)
            == "letsencrypt.org; accounturi=u")
    }
}
