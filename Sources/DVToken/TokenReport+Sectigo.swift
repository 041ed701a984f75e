import DVCrypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TokenReport {
    /// `token sectigo`: the CNAME record and pki-validation file of `request`'s hashes for each of `names`;
    /// `namesGiven` when the user listed them (a name the CSR lacks is then a warning); `zone` is `--zone` in A-labels.
    public static func sectigo(for names: [TokenName], request: CertificateSigningRequest, namesGiven: Bool,
                               uniqueValue: String?, issuer: SectigoChallenge.Issuer, zone: String?,
                               now: Date = Date()) throws(TokenError) -> TokenReport {
        var report = TokenReport(kind: "sectigo", ca: "sectigo")
        report.domains = names.map(\.reportName)
        for name in names {
            let challenge = try SectigoChallenge(domain: name.domain, csrDER: request.der, uniqueValue: uniqueValue, issuer: issuer)
            if report.values.isEmpty {
                report.values = [("md5", "MD5 (DER CSR)", challenge.md5), ("sha256", "SHA-256 (DER CSR)", challenge.sha256)]
                if let uniqueValue { report.values.append(("uniqueValue", "uniqueValue", uniqueValue)) }
            }
            report.add(challenge.record, domain: name.domain, zone: try Zone(given: zone, for: name.domain))
            report.storedTokens.append(StoredToken(domain: name.ascii, method: .dnsCNAME, ca: "sectigo",
                                                   value: challenge.record.value, record: challenge.record.name, created: now))
            if let file = challenge.file {
                report.add(file, domain: name.domain)
                report.storedTokens.append(StoredToken(domain: name.ascii, method: .httpFile, ca: "sectigo",
                                                       value: challenge.sha256, path: file.path, body: file.body, created: now))
            } else {
                report.notes.append("no file for \(name.ascii): Sectigo does not accept file validation for wildcards")
            }
            let inCSR = request.names.contains(name.ascii) || request.names.contains("*." + name.ascii)
            if namesGiven && !inCSR {
                report.warnings.append("\(name.ascii) is not in the CSR (it names \(request.names.joined(separator: ", ")))")
            }
        }
        report.notes.append("the hashes change with every new CSR; Sectigo refuses a reused CSR without a new uniqueValue")
        report.notes.append("Sectigo checks the file over http or https (not both) and fails on redirects")
        return report
    }
}
