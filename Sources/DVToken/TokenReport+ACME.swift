import DVBasics
import DVCrypto
import DVMethod
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TokenReport {
    /// `token acme`: the key authorization of `token` for `accountKey`, as the dns-01 TXT record and, for a
    /// non-wildcard, the http-01 file; with `account`, the dns-account-01 TXT record alone. `zone` is `--zone`
    /// in A-labels.
    public static func acme(for name: TokenName, accountKey: PrivateKey, token: String, zone: String?,
                            account: ACMEAccountURL? = nil, now: Date = Date()) throws(TokenError) -> TokenReport {
        let zone = try Zone(given: zone, for: name.domain)
        let challenge = try ACMEChallenge(domain: name.domain, token: token.trimmingWhitespace(), accountKey: accountKey, account: account)
        if let account, let label = challenge.accountLabel {
            return dnsAccount(challenge, name: name, accountKey: accountKey, account: account, label: label, zone: zone, now: now)
        }
        var report = TokenReport(kind: "acme", ca: "acme")
        report.domains = [name.reportName]
        report.values = [("accountKey", "Account key", accountKey.kind.description),
                         ("jwk", "JWK", accountKey.jwk.canonicalJSON),
                         ("thumbprint", "Thumbprint", challenge.thumbprint), ("token", "Token", challenge.token),
                         ("keyAuthorization", "Key authorization", challenge.keyAuthorization),
                         ("dnsValue", "dns-01 value", challenge.dnsValue)]
        report.add(challenge.record, domain: name.domain, zone: zone)
        report.storedTokens = [StoredToken(domain: name.ascii, method: .acmeDNS01, ca: "acme", value: challenge.dnsValue,
                                           record: challenge.record.name, created: now)]
        if let file = challenge.file {
            report.add(file, domain: name.domain)
            report.storedTokens.append(StoredToken(domain: name.ascii, method: .acmeHTTP01, ca: "acme", value: challenge.keyAuthorization,
                                                   path: file.path, body: file.body, created: now))
            report.notes.append("http-01 is fetched over port 80 (redirects to https on 443 are followed)")
        } else {
            report.notes.append("no http-01 file: wildcard identifiers can only use dns-01")
            report.notes.append("a wildcard and its base name share \(challenge.record.name.withoutTrailingDot): publish both TXT values at once")
        }
        report.warnIfShort(challenge)
        return report
    }

    /// dns-account-01 (draft-ietf-acme-dns-account-label): the dns-01 value at a name of the account's own.
    private static func dnsAccount(_ challenge: ACMEChallenge, name: TokenName, accountKey: PrivateKey, account: ACMEAccountURL,
                                   label: String, zone: Zone, now: Date) -> TokenReport {
        var report = TokenReport(kind: "acme", ca: "acme")
        report.method = ValidationMethod.dnsAccount01.rawValue
        report.domains = [name.reportName]
        report.values = [("accountKey", "Account key", accountKey.kind.description),
                         ("thumbprint", "Thumbprint", challenge.thumbprint), ("token", "Token", challenge.token),
                         ("accountURL", "Account URL", account.url), ("accountLabel", "Account label", "_" + label),
                         ("keyAuthorization", "Key authorization", challenge.keyAuthorization),
                         ("dnsValue", "dns-account-01 value", challenge.dnsValue)]
        report.add(challenge.record, domain: name.domain, zone: zone)
        report.storedTokens = [StoredToken(domain: name.ascii, method: .acmeDNSAccount01, ca: "acme", value: challenge.dnsValue,
                                           record: challenge.record.name, created: now)]
        report.notes.append("the label is base32(SHA-256(account URL))[first 10 bytes]: another account URL (staging vs production, a trailing slash) gives another name; the CA's error names the URL it used as (account: \"…\")")
        report.notes.append("a CNAME at \(challenge.record.name.withoutTrailingDot) to this account's own solver is followed; check it with `dvtool txt \(name.ascii) --account-url \(account.url) --expect \(challenge.dnsValue)`")
        if name.domain.isWildcard {
            report.notes.append("a wildcard is validated at its base name: \(name.domain.base) and *.\(name.domain.base) share this record name; publish both values at once")
        }
        report.warnings += account.warnings
        report.warnIfShort(challenge)
        return report
    }

    private mutating func warnIfShort(_ challenge: ACMEChallenge) {
        if challenge.tokenLooksShort {
            warnings.append("the token has \(challenge.token.count) characters; CAs send at least 22 (128 bits): check that it was copied whole")
        }
    }
}
