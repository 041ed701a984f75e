#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum JSONOutput {
    /// One compact JSON document with sorted keys: stable for scripts and diffs.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
