/// The CA styles `token random` knows; each picks where the TXT record goes.
public enum TokenCA: String, CaseIterable, Sendable {
    case generic, digicert, alibaba

    /// DigiCert looks at the domain itself (and `_dnsauth.`); Alibaba Cloud's console uses `_dnsauth`.
    public var defaultLocation: GenericChallenge.RecordLocation {
        self == .alibaba ? .dnsauth : .domain
    }

    public init?(name argument: String) {
        let key = argument.lowercased()
        // DigiCert's brands and Alibaba Cloud's other names validate the same way.
        let aliases: [String: TokenCA] = ["geotrust": .digicert, "rapidssl": .digicert, "thawte": .digicert,
                                          "aliyun": .alibaba, "alibabacloud": .alibaba, "alibaba-cloud": .alibaba]
        guard let ca = TokenCA(rawValue: key) ?? aliases[key] else { return nil }
        self = ca
    }
}
