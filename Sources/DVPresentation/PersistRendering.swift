import DVMethod
import DVTXT

/// `txt --persist`'s part: what the CA expects, each record served and its fate, and the one-line verdict.
public enum PersistRendering {
    public static func blocks(_ persist: PersistReport) -> [Block] {
        let form = switch persist.accountURIForm {
        case .plain: "the plain account URL (draft -00/-01; Boulder, Let's Encrypt staging)"
        case .hashed, .hashedAnyDomain: "draft-02's hashed accounturi (over the domain or *)"
        }
        var lines: [Styled] = ["\("dns-persist-01", .strong): issuer \(persist.issuerDomains.joined(separator: " or "))"
                               + ", accounturi compared as \(form)\(persist.wildcard ? ", wildcard (policy=wildcard needed)" : ""), at \(persist.validationTime)"]
        for uri in persist.accountURIs { lines.append("  expected accounturi (\(uri.form.rawValue)): \(uri.value)") }
        for record in persist.records {
            lines.append("  record \"\(record.text)\": \(record.verdict.rawValue, ReportText.verdictTone(record.verdict.rawValue))"
                         + Styled((record.matchedForm.map { " (accounturi \($0.rawValue))" } ?? "")
                                  + (record.verdict == .otherIssuer ? " (skipped by this CA)" : "")))
        }
        lines.append("")
        return lines.map(Block.line)
    }

    /// The ok line: said only when every server that answered serves a record the CA accepts.
    public static func okSummary(_ persist: PersistReport) -> String {
        "every server serves a dns-persist-01 record \(persist.issuerDomains.first ?? "the CA") accepts for this account; the CA can validate with it (it re-checks at every validation)"
    }
}
