import DVHTTPCheck
import FoundationEssentials

/// One provider's product as `ProviderTable.json` describes it: the CNAME suffixes its customers point at and
/// the response headers it sends, each with where that fact comes from.
public struct ProviderProduct: Sendable, Codable, Equatable {
    /// What the product does to traffic: which console holds the certificate follows from it.
    public enum Kind: String, Sendable, Codable {
        case cdn, waf, cloud
    }

    public struct SuffixGroup: Sendable, Codable, Equatable {
        /// Domain suffixes without a trailing dot, matched on label boundaries.
        public var suffixes: [String]
        public var source: String
    }

    public struct HeaderSignature: Sendable, Codable, Equatable {
        public var name: String
        /// A regular expression matched, ignoring case, against the header's value.
        public var pattern: String
        public var source: String
    }

    public var id: String
    public var provider: String
    public var product: String
    public var kind: Kind
    public var cnames: [SuffixGroup]
    public var headers: [HeaderSignature]
    /// Names on the certificate the provider serves for a host it has no certificate for.
    public var defaultCertificateNames: [String]

    /// "Alibaba Cloud CDN".
    public var displayName: String { "\(provider) \(product)" }
}

/// The provider data compiled into the module (SwiftPM `embedInCode`, as DVExplain's message table).
public struct ProviderTable: Sendable {
    public var products: [ProviderProduct]
    /// Where the rows come from: key (the first word of a row's source) → repository, commit, licence.
    public var sources: [String: String]

    private struct File: Decodable {
        var sources: [String: String]
        var products: [ProviderProduct]
    }

    public static let builtIn: ProviderTable = {
        do {
            return try decode(Data(PackageResources.ProviderTable_json))
        } catch {
            // The table is part of the program and Tests/DVPathTests validates it: this is a build defect.
            preconditionFailure("ProviderTable.json does not decode: \(error)")
        }
    }()

    public static func decode(_ json: Data) throws -> ProviderTable {
        let file = try JSONDecoder().decode(File.self, from: json)
        return ProviderTable(products: file.products, sources: file.sources)
    }

    public init(products: [ProviderProduct], sources: [String: String] = [:]) {
        self.products = products
        self.sources = sources
    }

    /// The product whose suffix is the longest one `name` ends in, label by label: `x.cdn.dnsv1.com` ends in
    /// `cdn.dnsv1.com` and `dnsv1.com` (the first wins); `xcdn.dnsv1.com` does not end in `cdn.dnsv1.com`.
    public func match(cname name: String) -> SuffixMatch? {
        let name = Self.normalized(name)
        var best: SuffixMatch?
        for product in products {
            for group in product.cnames {
                for suffix in group.suffixes where Self.name(name, endsInLabels: Self.normalized(suffix)) {
                    if suffix.count > best?.suffix.count ?? -1 {
                        best = SuffixMatch(product: product, name: name, suffix: suffix, source: group.source)
                    }
                }
            }
        }
        return best
    }

    /// Every product with at least one header signature in `headers`, most matching signatures first.
    public func match(headers: [HTTPHeaderField]) -> [HeaderMatch] {
        var matches: [HeaderMatch] = []
        for product in products {
            let hits = product.headers.compactMap { signature -> HeaderMatch.Hit? in
                guard let header = headers.first(where: { $0.name.lowercased() == signature.name.lowercased()
                                                     && Self.value($0.value, matches: signature.pattern) }) else { return nil }
                return HeaderMatch.Hit(header: header.name, value: header.value, source: signature.source)
            }
            if !hits.isEmpty { matches.append(HeaderMatch(product: product, hits: hits)) }
        }
        return matches.sorted { $0.hits.count > $1.hits.count }
    }

    /// Header names any signature looks at, lower case: the ones a report shows as identifying.
    public var signatureHeaderNames: Set<String> {
        Set(products.flatMap { $0.headers.map { $0.name.lowercased() } })
    }

    static func normalized(_ name: String) -> String {
        (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased()
    }

    static func name(_ name: String, endsInLabels suffix: String) -> Bool {
        name == suffix || name.hasSuffix("." + suffix)
    }

    /// An invalid pattern is a table defect the table test catches; here it matches nothing.
    static func value(_ value: String, matches pattern: String) -> Bool {
        guard let regex = try? Regex(pattern).ignoresCase() else { return false }
        return value.contains(regex)
    }
}
