import DVBasics
import DVCrypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TokenReport {
    /// `token acme`: the key authorization of `token` for `accountKey`, as the dns-01 TXT record and, for a
    /// non-wildcard, the http-01 file; `zone` is `--zone` in A-labels.
    public static func acme(for name: TokenName, accountKey: PrivateKey, token: String, zone: String?,
                            now: Date = Date()) throws(TokenError) -> TokenReport {
        let zone = try Zone(given: zone, for: name.domain)
        let challenge = try ACMEChallenge(domain: name.domain, token: token.trimmingWhitespace(), accountKey: accountKey)
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
            report.notes.append("a wildcard and its base name share _acme-challenge.\(name.domain.base): publish both TXT values at once")
        }
        if challenge.tokenLooksShort {
            report.warnings.append("the token has \(challenge.token.count) characters; CAs send at least 22 (128 bits): check that it was copied whole")
        }
        return report
    }
}
