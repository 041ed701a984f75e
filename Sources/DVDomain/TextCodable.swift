/// A value that JSON carries as its presentation text ("www.example.com.", "192.0.2.1", "AAAA", "NOERROR"):
/// the one Codable conformance of the DNS values.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the presentation text; nil when it is not one.
    init?(presentation text: String)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(presentation: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a \(Self.self): \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
