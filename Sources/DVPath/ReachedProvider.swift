import DVReport

/// What `cert probe HOST` reached when HOST CNAMEs to a CDN or WAF: the provider's edge, which serves its own copy
/// of the certificate (uploaded in the provider's console), not the origin's. Said as a fact beside the probe's
/// items, so a user who just installed a certificate on the origin knows why the probe may still show the old one.
public enum ReachedProvider {
    /// An info item naming the product, or nil when no name of the chain ends in a provider's suffix.
    public static func item(host: String, cnameChain: [String], table: ProviderTable = .builtIn) -> CheckItem? {
        guard let match = cnameChain.reversed().lazy.compactMap({ table.match(cname: $0) }).first else { return nil }
        let product = "\(match.product.provider) \(match.product.product)"
        return CheckItem(id: "reached", title: "Reached \(product)", verdict: .info,
                         detail: "\(host) CNAMEs to \(match.name) (ends in \(match.suffix)): this is the \(product) node's copy of the "
                             + "certificate, uploaded in its console, not the origin's; `dvtool path \(host) --origin IP` compares every node")
    }
}
