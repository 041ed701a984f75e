import DVReport

/// What `cert probe HOST` reached when HOST CNAMEs to a CDN or WAF: the provider's edge, which serves its own copy
/// of the certificate (uploaded in the provider's console), not the origin's. Said as facts beside the probe's
/// items, so a user who just installed a certificate on the origin knows why the probe may still show the old one.
public enum ReachedProvider {
    /// Products that take an SM2 (ShangMi) certificate beside the RSA/ECDSA one (Alibaba Cloud's deployment guide:
    /// CDN, DCDN, Anti-DDoS), chosen per handshake by what the client offers.
    static let dualDeploymentProducts: Set<String> = ["alibaba-cdn", "alibaba-dcdn"]

    /// Info items naming the product (and, for a product that may also serve SM2, the side that was not probed);
    /// empty when no name of the chain ends in a provider's suffix.
    public static func items(host: String, cnameChain: [String], table: ProviderTable = .builtIn) -> [CheckItem] {
        guard let match = cnameChain.reversed().lazy.compactMap({ table.match(cname: $0) }).first else { return [] }
        let product = "\(match.product.provider) \(match.product.product)"
        var items = [CheckItem(id: "reached", title: "Reached \(product)", verdict: .info,
                               detail: "\(host) CNAMEs to \(match.name) (ends in \(match.suffix)): this is the \(product) node's copy of the "
                                   + "certificate, uploaded in its console, not the origin's; `dvtool path \(host) --origin IP` compares every node")]
        if dualDeploymentProducts.contains(match.product.id) {
            items.append(CheckItem(id: "sm2-not-probed", title: "SM2 side not probed", verdict: .info,
                                   detail: "\(product) can serve an SM2 (ShangMi) certificate beside this one, picked by a TLCP ClientHello; "
                                       + "OpenSSL 3 cannot negotiate TLCP, so only the RSA/ECDSA side was probed: check the SM2 certificate in "
                                       + "the console or with a TLCP client (Tongsuo: openssl s_client -enable_ntls -ntls)"))
        }
        return items
    }
}
