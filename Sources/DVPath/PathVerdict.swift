import DVReport
import DVTLS
import FoundationEssentials

/// Turns what each node served into a finding per node and one verdict: which node serves the wrong
/// certificate, why, and what to do in which console.
struct PathVerdict {
    var domain: String
    var now: Date

    /// The certificate a node served, and how its checks came out.
    struct Served {
        var certificate: NodeCertificate
        var leaf: Certificate
        var items: [CheckItem]
    }

    static func served(_ report: TLSProbe.Report) -> Served? {
        guard let leaf = report.certificates.first else { return nil }
        let complete = report.items.first { $0.id == "chain-complete" }?.verdict == .ok
        let certificate = NodeCertificate(subject: leaf.subject, dnsNames: leaf.dnsNames, issuer: leaf.issuer,
                                          serialNumber: leaf.serialNumber, notBefore: leaf.notBefore, notAfter: leaf.notAfter,
                                          sha256: leaf.sha256Fingerprint, chainComplete: complete, isSM2: leaf.isSM2)
        return Served(certificate: certificate, leaf: leaf, items: report.items)
    }

    /// The finding for a node before comparing it with the others (nil: its certificate is fine on its own).
    func ownFinding(_ served: Served, product: ProductIdentification?, table: ProviderTable) -> (NodeFinding, String)? {
        let certificate = served.certificate
        if certificate.notAfter < now { return (.expired, "serves a certificate that expired on \(NodeCertificate.day(certificate.notAfter)) (\(certificate.summary))") }
        if certificate.notBefore > now { return (.notYetValid, "serves a certificate valid only from \(NodeCertificate.day(certificate.notBefore)) (\(certificate.summary))") }
        if NameCoverage.match(domain, in: served.leaf.coveredNames) == nil {
            let names = served.leaf.coveredNames
            let defaults = table.products.filter { product in product.defaultCertificateNames.contains { names.contains($0) } }
            if let owner = defaults.first {
                return (.providerDefault, "serves \(owner.displayName)'s default certificate (\(names.joined(separator: ", "))): the provider has no certificate for \(domain)")
            }
            if product != nil {
                return (.providerDefault, "serves a certificate for \(names.joined(separator: ", ")), not \(domain): the provider has no certificate for \(domain) and serves another one")
            }
            return (.nameMismatch, "serves a certificate for \(names.joined(separator: ", ").ifEmptyName), not \(domain)")
        }
        if let chain = served.items.first(where: { $0.id == "chain-complete" }), chain.verdict != .ok {
            return (.missingIntermediate, "the chain is incomplete: \(chain.detail)")
        }
        if let trust = served.items.first(where: { $0.id == "chain-trust" }), trust.verdict == .problem {
            return (.untrusted, "the certificate does not verify: \(trust.detail)")
        }
        return nil
    }

    /// The newest certificate any node serves that is fine on its own: what every node should serve.
    static func expected(_ candidates: [NodeCertificate]) -> NodeCertificate? {
        candidates.max { ($0.notBefore, $0.notAfter) < ($1.notBefore, $1.notAfter) }
    }

    /// Compares a node whose certificate is fine on its own with the expected one.
    static func comparison(_ certificate: NodeCertificate, expected: NodeCertificate, expectedOn: String) -> (NodeFinding, String) {
        if certificate.sha256 == expected.sha256 { return (.ok, "serves the expected certificate (\(certificate.summary))") }
        let older = (certificate.notBefore, certificate.notAfter) < (expected.notBefore, expected.notAfter)
        return (older ? .oldCertificate : .differentCertificate,
                "serves \(older ? "an older" : "another") certificate: \(certificate.summary); \(expectedOn) serves \(expected.summary)")
    }

    /// Where to fix a finding: the provider's console for a product, the server itself otherwise.
    func advice(_ finding: NodeFinding, node: PathNode) -> String? {
        let place: String
        switch node.product?.kind {
        case .cdn?: place = "in the \(node.product!.displayName) console, the HTTPS settings of the accelerated domain \(domain)"
        case .waf?: place = "in the \(node.product!.displayName) console, the HTTPS certificate of the protected domain \(domain)"
        case .cloud?: place = "in the \(node.product!.displayName) console, the certificate of the HTTPS listener that serves \(domain)"
        case nil: place = "on the server at \(node.address) (nginx: ssl_certificate with the full chain), then reload it"
        }
        switch finding {
        case .ok, .unreachable: return nil
        case .handshakeFailed: return "Make \(node.address):\(node.port) serve HTTPS for \(domain) with its certificate \(place)."
        case .icpBlocked: return "File the domain for ICP (备案) and attach the filing to \(node.icpBlock?.provider ?? "the provider"), or serve it from outside mainland China."
        case .providerDefault: return "Add \(domain) with its certificate \(place)."
        case .missingIntermediate: return "Upload the full chain (leaf, then the intermediate) \(place)."
        case .expired, .notYetValid, .nameMismatch, .untrusted, .oldCertificate, .differentCertificate:
            return "Upload the new certificate for \(domain) \(place)."
        }
    }

    /// One sentence over every node.
    static func sentence(_ nodes: [PathNode], domain: String) -> String {
        let failing = nodes.filter { $0.finding.isFailing }
        let unreachable = nodes.filter { $0.finding == .unreachable }
        if nodes.isEmpty { return "no node to check: \(domain) has no address and no --hop or --origin was given" }
        if let first = failing.first {
            let more = failing.count > 1 ? " (and \(failing.count - 1) more node\(failing.count > 2 ? "s" : ""))" : ""
            return "\(first.label) \(first.finding.rawValue): \(first.detail)\(more)"
        }
        if !unreachable.isEmpty {
            return "\(unreachable.map(\.label).joined(separator: ", ")) did not answer from here (no verdict on \(unreachable.count == 1 ? "its" : "their") certificate); the other nodes serve the same valid certificate"
        }
        return "all \(nodes.count) node\(nodes.count == 1 ? "" : "s") serve the same valid certificate for \(domain)"
    }

    static func status(_ nodes: [PathNode], problems: [Problem]) -> CheckStatus {
        .judge(problems: problems, failingRows: nodes.filter { $0.finding.isFailing }.count,
               uncheckedRows: nodes.filter { $0.finding == .unreachable }.count + (nodes.isEmpty ? 1 : 0),
               anyServerAnswered: nodes.contains { $0.finding != .unreachable } || nodes.isEmpty && !problems.isEmpty)
    }
}

private extension String {
    var ifEmptyName: String { isEmpty ? "no name" : self }
}
