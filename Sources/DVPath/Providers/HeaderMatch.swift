/// A product recognised by the response headers it sends: each header that matched, and its source.
public struct HeaderMatch: Sendable, Equatable {
    public struct Hit: Sendable, Equatable {
        public var header: String
        public var value: String
        public var source: String
    }

    public var product: ProviderProduct
    public var hits: [Hit]
}
