import DVReport
import FoundationEssentials

/// The checks shared by `cert check` (files) and `cert probe` (what a server sends).
public enum CertificateAnalysis {
    /// Where the certificates came from, for wording: "the file" / "the server".
    public enum Source: Sendable, Equatable {
        /// The certificate file (nil: not named), for the fix's command.
        case files(certificatePath: String?)
        case server

        /// The `cert bundle` command that completes the chain.
        public var bundleFix: String {
            switch self {
            case let .files(path):
                "dvtool cert bundle --cert \(path ?? "CERT.pem") --out fullchain.pem (adds the intermediates in order from the caIssuers URLs; --chain FILE for ones you have), then install fullchain.pem"
            case .server:
                "dvtool cert bundle --cert CERT.pem --out fullchain.pem, with CERT.pem the certificate file this server is configured with; then configure fullchain.pem (nginx: ssl_certificate; Apache: SSLCertificateFile) and reload"
            }
        }

        var holder: String { self == .server ? "the server's chain" : "the files" }
    }

    static func short(_ date: Date) -> String {
        // "2026-11-22 16:52:31" cut to the minute.
        let style = Date.ISO8601FormatStyle(dateTimeSeparator: .space, timeZone: .gmt)
        return String(date.formatted(style.year().month().day().time(includingFractionalSeconds: false)).prefix(16)) + " UTC"
    }

    static func name(_ certificate: Certificate) -> String { "'\(certificate.displayName)'" }

    /// Index of the leaf: the certificate matching `keySPKI` if any, else the first non-CA, else 0.
    public static func leafIndex(_ certificates: [Certificate], keySPKI: String? = nil) -> Int {
        if let keySPKI, let index = certificates.firstIndex(where: { $0.publicKey.spkiSHA256 == keySPKI }) { return index }
        return certificates.firstIndex { !$0.isCA } ?? 0
    }

    /// Order, completeness, included root, trust, unrelated extras.
    public static func chain(_ certificates: [Certificate], leafIndex: Int, trust: TrustStore?, now: Date,
                             source: Source) -> [CheckItem] {
        guard !certificates.isEmpty else { return [] }
        var items: [CheckItem] = []
        let leaf = certificates[leafIndex]
        // The path a client builds from what was given: leaf, then whichever given certificate signed the last one.
        let chainPath = ChainPath(leaf: leaf, among: certificates)
        let path = chainPath.certificates, used = chainPath.usedIndices
        let top = path.last!
        let ordered = leafIndex == 0 && Array(certificates.prefix(path.count)).map(\.der) == path.map(\.der)
        let extras = certificates.indices.filter { !used.contains($0) }
        let positions = path.map { certificate in (certificates.firstIndex { $0.der == certificate.der } ?? 0) + 1 }

        // Order.
        if ordered {
            let detail = path.count == 1 ? "one certificate (the leaf)"
                : "leaf first, each certificate signed by the next (\(path.count) certificates)"
            items.append(CheckItem(id: "chain-order", title: "Chain order", verdict: .ok, detail: detail))
        } else {
            let wanted = path.map(name).joined(separator: ", ")
            let detail = leafIndex != 0
                ? "the leaf \(name(leaf)) is certificate #\(leafIndex + 1), not the first; order found: #\(positions.map(String.init).joined(separator: ", #"))"
                : "certificates are out of order (#\(positions.map(String.init).joined(separator: ", #")) form the chain)"
            items.append(CheckItem(id: "chain-order", title: "Chain order", verdict: .problem,
                                   detail: detail + "; expected: \(wanted)",
                                   fix: "Put the leaf first, then each issuer in turn: cat leaf.crt intermediate.crt > fullchain.pem (no root needed)."))
        }

        // Completeness and the root.
        if top.isSelfSigned && path.count == 1 {
            let trusted = trust?.contains(top) ?? false
            items.append(CheckItem(id: "chain-complete", title: "Chain complete", verdict: trusted ? .warning : .problem,
                                   detail: "the certificate \(name(top)) is self-signed" + (trusted ? " (but in \(trust!.name))" : ": browsers will not trust it"),
                                   fix: trusted ? nil : "Use a certificate issued by a public CA (or add this one to each client's trust store on purpose)."))
        } else if top.isSelfSigned {
            let trusted = trust?.contains(top) ?? false
            items.append(CheckItem(id: "chain-complete", title: "Chain complete", verdict: .ok,
                                   detail: "complete up to the root \(name(top))"))
            items.append(CheckItem(id: "chain-root", title: "Root included", verdict: .warning,
                                   detail: "the root \(name(top)) is included" + (trusted ? "" : " and is not in \(trust?.name ?? "the trust store")")
                                       + ": useless for server TLS (clients use their own copy of the root), only needed for mutual TLS client bundles",
                                   fix: "Remove the root \(name(top)) from the chain file; keep the leaf and the intermediates."))
        } else if let trust, let issuer = trust.issuer(of: top) {
            items.append(CheckItem(id: "chain-complete", title: "Chain complete", verdict: .ok,
                                   detail: "complete: \(name(top)) is issued by the trusted root \(name(issuer)) (root not included, as it should be)"))
        } else {
            let missing = top.issuer
            let location = top.caIssuersURLs.first.map { "; \(name(top)) names its issuer's URL \($0)" } ?? "; \(name(top)) names no caIssuers URL (get it from the CA)"
            items.append(CheckItem(id: "chain-complete", title: "Chain complete", verdict: .problem,
                                   detail: "missing intermediate: \(name(top)) was issued by '\(missing)', which is neither in \(source.holder) nor a trusted root"
                                       + (trust.map { " (\($0.name))" } ?? "") + location,
                                   fix: source.bundleFix))
        }

        if !extras.isEmpty {
            let list = extras.map { "#\($0 + 1) \(name(certificates[$0]))" }.joined(separator: ", ")
            items.append(CheckItem(id: "chain-extra", title: "Unrelated certificates", verdict: .warning,
                                   detail: "not part of the leaf's chain: \(list)",
                                   fix: "Remove certificates that did not sign the chain; they only confuse clients."))
        }

        // OpenSSL's verdict against the trust store.
        if let trust {
            let result = trust.verify(leaf: leaf, intermediates: certificates.enumerated().filter { $0.offset != leafIndex }.map(\.element), at: now)
            if result.ok {
                items.append(CheckItem(id: "chain-trust", title: "Trusted", verdict: .ok, detail: "verifies against \(trust.name)"))
            } else {
                let at = result.chain.indices.contains(result.errorDepth) ? " at \(name(result.chain[result.errorDepth]))" : ""
                items.append(CheckItem(id: "chain-trust", title: "Trusted", verdict: .problem,
                                       detail: "does not verify against \(trust.name): \(result.error ?? "unknown error")\(at)",
                                       fix: trustFix(result.error ?? "")))
            }
        }
        return items
    }

    private static func trustFix(_ error: String) -> String {
        if error.contains("local issuer") || error.contains("issuer certificate") {
            return "Add the missing intermediate certificate(s) after the leaf; if the root itself is private, pass it with --ca-file."
        }
        if error.contains("self-signed") || error.contains("self signed") {
            return "Use a CA-issued certificate, or pass the private root with --ca-file when that is intended."
        }
        if error.contains("expired") || error.contains("not yet valid") {
            return "Renew or replace the certificate named above."
        }
        return "Reissue the certificate or fix the chain so that it verifies."
    }

    /// Expiry of every certificate (the leaf in detail), with the 30-day warning.
    public static func validity(_ certificates: [Certificate], leafIndex: Int, now: Date) -> [CheckItem] {
        guard certificates.indices.contains(leafIndex) else { return [] }
        let leaf = certificates[leafIndex]
        var items: [CheckItem] = []
        let days = Int((leaf.notAfter.timeIntervalSince(now) / 86400).rounded(.down))
        let validity: (verdict: Verdict, detail: String, fix: String?) =
            if leaf.notAfter < now {
                (.problem, "expired on \(short(leaf.notAfter)) (\(-days) days ago)",
                 "Renew the certificate with your CA and install the new one (with its chain).")
            } else if leaf.notBefore > now {
                (.problem, "not valid before \(short(leaf.notBefore)) (in the future)",
                 "Check the server clock (date -u); if it is right, wait or have the CA reissue with a current start date.")
            } else if days < 30 {
                (.warning, "expires \(short(leaf.notAfter)): \(days) days left", "Renew now: under 30 days left.")
            } else {
                (.ok, "valid until \(short(leaf.notAfter)) (\(days) days left)", nil)
            }
        items.append(CheckItem(id: "validity", title: "Validity", verdict: validity.verdict, detail: validity.detail, fix: validity.fix))
        for (index, certificate) in certificates.enumerated() where index != leafIndex {
            if certificate.notAfter < now {
                items.append(CheckItem(id: "validity-chain", title: "Chain validity", verdict: .problem,
                                       detail: "certificate #\(index + 1) \(name(certificate)) expired on \(short(certificate.notAfter))",
                                       fix: "Download the CA's current intermediate and replace the expired one."))
            }
        }
        return items
    }

    /// RSA/DSA < 2048, small EC keys, SHA-1/MD5 signatures (roots' self-signatures do not matter).
    public static func strength(_ certificates: [Certificate], leafIndex: Int) -> [CheckItem] {
        guard !certificates.isEmpty else { return [] }
        var weakKeys: [String] = [], weakSignatures: [String] = []
        for (index, certificate) in certificates.enumerated() {
            let label = index == leafIndex ? "the leaf" : "#\(index + 1) \(name(certificate))"
            if certificate.publicKey.isWeak { weakKeys.append("\(label): \(certificate.publicKey.description)") }
            if !certificate.isSelfSigned, let hash = certificate.signatureHash?.uppercased(),
               hash == "SHA1" || hash == "MD5" || hash == "MD2" || hash == "MD4" {
                weakSignatures.append("\(label): \(certificate.signatureAlgorithm)")
            }
        }
        let leaf = certificates[leafIndex]
        return [
            weakKeys.isEmpty
                ? CheckItem(id: "key-strength", title: "Key strength", verdict: .ok, detail: leaf.publicKey.description)
                : CheckItem(id: "key-strength", title: "Key strength", verdict: .problem,
                            detail: "weak key (" + weakKeys.joined(separator: "; ") + "); CAs and browsers require RSA ≥ 2048 or EC P-256",
                            fix: "Generate a new key (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048, or EC P-256), a new CSR, and reissue."),
            weakSignatures.isEmpty
                ? CheckItem(id: "signature", title: "Signature", verdict: .ok, detail: leaf.signatureAlgorithm)
                : CheckItem(id: "signature", title: "Signature", verdict: .problem,
                            detail: "weak signature (" + weakSignatures.joined(separator: "; ") + "): SHA-1 is rejected by browsers",
                            fix: "Have the CA reissue the certificate with SHA-256."),
        ] + (leaf.isSM2 ? [sm2Item(leaf)] : [])
    }

    /// A ShangMi certificate is fine for TLCP clients and a few products, never alone for browsers.
    static func sm2Item(_ leaf: Certificate) -> CheckItem {
        let parts = [leaf.publicKey.algorithm == "SM2" || leaf.publicKey.curve == "SM2" ? "key on curve SM2 (1.2.156.10197.1.301)" : nil,
                     leaf.signatureAlgorithm == "SM2-with-SM3" ? "signed SM3withSM2 (1.2.156.10197.1.501)" : nil].compactMap { $0 }
        return CheckItem(id: "sm2", title: "SM2 (ShangMi)", verdict: .warning,
                         detail: "an SM2 certificate: " + parts.joined(separator: ", ")
                             + "; browsers do not accept SM2, and only TLCP/SM-capable servers and some products serve it "
                             + "(the deployment guide: Alibaba Cloud CDN, DCDN and Anti-DDoS)",
                         fix: "Deploy an RSA or ECDSA certificate for the same names beside it (dual certificates), so ordinary browsers connect.")
    }

    /// Whether each domain (A-labels) is covered by the leaf's names.
    public static func coverage(_ leaf: Certificate, domains: [String], displayNames: [String: String] = [:]) -> [CheckItem] {
        let names = leaf.coveredNames
        var items: [CheckItem] = []
        if !leaf.hasSubjectAltName {
            items.append(CheckItem(id: "san", title: "Subject Alternative Name", verdict: .problem,
                                   detail: "no subjectAltName extension: browsers ignore the CN '\(leaf.commonName ?? "")'",
                                   fix: "Reissue the certificate; every CA today puts the names in the SAN."))
        }
        if domains.isEmpty {
            items.append(CheckItem(id: "domain", title: "Names", verdict: .info,
                                   detail: "covers " + (names.isEmpty ? "no names" : names.joined(separator: ", "))))
            return items
        }
        for domain in domains {
            let shown = displayNames[domain].map { $0 == domain ? domain : "\($0) (\(domain))" } ?? domain
            if let match = NameCoverage.match(domain, in: names) {
                items.append(CheckItem(id: "domain", title: "Covers \(shown)", verdict: .ok,
                                       detail: match == domain ? "listed in the certificate" : "covered by \(match)"))
            } else {
                var hint = ""
                if names.contains(where: { $0.hasPrefix("*.") && NameCoverage.covers($0, "x." + domain) }) {
                    hint = "; a wildcard covers only the names one level below, not \(domain) itself"
                } else if names.contains(where: { $0.hasPrefix("*.") && domain.split(separator: ".").count > $0.split(separator: ".").count }) {
                    hint = "; a wildcard covers one level only, not \(domain)"
                }
                items.append(CheckItem(id: "domain", title: "Covers \(shown)", verdict: .problem,
                                       detail: "not covered; the certificate names: \(names.isEmpty ? "none" : names.joined(separator: ", "))\(hint)",
                                       fix: "Reissue the certificate with \(domain) in its SAN (or serve this certificate only on the names it covers)."))
            }
        }
        return items
    }
}
