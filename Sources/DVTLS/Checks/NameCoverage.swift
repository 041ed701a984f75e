/// Certificate name matching by the seeds' rules (RFC 6125 style).
///
/// - An exact name covers only itself (case-insensitive, trailing dot ignored).
/// - `*.example.com` covers exactly one more label (`www.example.com`), neither `example.com` nor
///   `a.b.example.com`; a `*` anywhere but as the whole left-most label covers nothing.
/// - Names are compared as A-labels: convert U-labels (`bücher`) to `xn--bcher-kva` before calling.
public enum NameCoverage {
    public static func covers(_ pattern: String, _ name: String) -> Bool {
        let pattern = normalize(pattern), name = normalize(name)
        guard !pattern.isEmpty, !name.isEmpty else { return false }
        if pattern == name { return true }
        guard pattern.hasPrefix("*.") else { return false }
        let base = pattern.dropFirst(2)
        guard !base.contains("*"), base.contains(".") else { return false }
        guard name.hasSuffix("." + base) else { return false }
        let label = name.dropLast(base.count + 1)
        return !label.isEmpty && !label.contains(".") && !label.contains("*")
    }

    /// The first certificate name covering `name`, or nil.
    public static func match(_ name: String, in names: [String]) -> String? {
        names.first { covers($0, name) }
    }

    static func normalize(_ name: String) -> String {
        var lowered = name.lowercased()
        while lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }
}
