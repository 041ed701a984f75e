/// A duration as people type it: `90`, `90s`, `10m`, `1h`, `1m30s`; printed back the same way (`10m`, `1m30s`,
/// `0.5s`), so a message can repeat what the user gave.
public struct TypedDuration: Sendable, Equatable, CustomStringConvertible {
    public let seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    /// A positive duration; with `allowingZero`, `0` (or `0s`) too, so that a caller can say what range it wants
    /// instead of "not a duration".
    public init?(parsing text: String, allowingZero: Bool = false) {
        guard let seconds = Self.seconds(in: text), seconds > 0 || (allowingZero && seconds == 0) else { return nil }
        self.seconds = seconds
    }

    /// `90` and `1.5` are seconds; `1m30s` adds up its parts. Nil for anything else (negative, `inf`, `10x`).
    private static func seconds(in text: String) -> Double? {
        if let plain = Double(text) { return plain.isFinite && plain >= 0 ? plain : nil }
        var total = 0.0
        var number = ""
        for character in text.lowercased() {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            let unit: Double
            switch character {
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: return nil
            }
            guard let value = Double(number), value.isFinite else { return nil }
            total += value * unit
            number = ""
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }

    /// "--timeout must be more than 0 and at most 2m, got 0s" when this is outside (0, limit], else nil.
    public func outOfRange(for name: String, atMost limit: TypedDuration) -> String? {
        seconds > 0 && seconds <= limit.seconds ? nil : "\(name) must be more than 0 and at most \(limit), got \(self)"
    }

    public var duration: Duration { .milliseconds(Int64(seconds * 1000)) }

    public var description: String {
        let whole = Int(seconds)
        if whole >= 60, Double(whole) == seconds {
            return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole / 60)m\(whole % 60)s"
        }
        return "\(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds))s"
    }
}
