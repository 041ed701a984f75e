#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TokenReport {
    /// `token random`: a random value (or the CA's `value`) as a TXT record and, for a non-wildcard, a
    /// pki-validation file; `zone` is `--zone` in A-labels.
    public static func random(for name: TokenName, ca: TokenCA, location: GenericChallenge.RecordLocation?,
                              value: String?, bits: Int, zone: String?, now: Date = Date()) throws(TokenError) -> TokenReport {
        let zone = try Zone(given: zone, for: name.domain)
        let chosen: String
        if let value { chosen = value } else { chosen = try GenericChallenge.randomValue(bits: bits) }
        let challenge = try GenericChallenge(domain: name.domain, value: chosen, location: location ?? ca.defaultLocation)
        var report = TokenReport(kind: "random", ca: ca.rawValue)
        report.domains = [name.reportName]
        report.values = [("value", "Value", challenge.value),
                         ("source", "Source", value == nil ? "random, \(bits) bits from OpenSSL's CSPRNG" : "given with --value")]
        report.add(challenge.record, domain: name.domain, zone: zone)
        report.storedTokens = [StoredToken(domain: name.ascii, method: .dnsTXT, ca: ca.rawValue, value: challenge.value,
                                           record: challenge.record.name, created: now)]
        if let file = challenge.file {
            report.add(file, domain: name.domain)
            report.storedTokens.append(StoredToken(domain: name.ascii, method: .httpFile, ca: ca.rawValue, value: challenge.value,
                                                   path: file.path, body: file.body, created: now))
        } else {
            report.notes.append("no file: file validation cannot prove a wildcard (BR 3.2.2.4.18); use the TXT record")
        }
        switch (ca, challenge.location) {
        case (.digicert, .domain):
            report.notes.append("DigiCert also accepts the TXT record at \(name.domain.fqdn(prefix: "_dnsauth"))")
        case (.generic, _):
            report.notes.append("publish the record where your CA says; --record dnsauth puts it at \(name.domain.fqdn(prefix: "_dnsauth"))")
        default: break
        }
        report.notes.append("a random value is good for 30 days (BR 3.2.2.4.7); the file is checked at that exact host, over http or https")
        return report
    }
}
