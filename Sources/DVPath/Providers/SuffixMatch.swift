/// A product recognised by a name of the CNAME chain that ends in one of its suffixes.
public struct SuffixMatch: Sendable, Equatable {
    public var product: ProviderProduct
    /// The chain name that matched (lower case, no trailing dot).
    public var name: String
    public var suffix: String
    public var source: String
}
