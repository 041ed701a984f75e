/// A duration as people type it: `90`, `90s`, `10m`, `1h`, `1m30s`; printed back the same way (`10m`, `1m30s`,
/// `0.5s`), so a message can repeat what the user gave.
public struct TypedDuration: Sendable, Equatable, CustomStringConvertible {
    public let seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    public init?(parsing text: String) {
        if let plain = Double(text), plain > 0 {
            seconds = plain
            return
        }
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
            guard let value = Double(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        seconds = total
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
