import ArgumentParser

/// A duration on the command line: `90`, `90s`, `10m`, `1h`, `1m30s`.
struct DurationArgument: ExpressibleByArgument, CustomStringConvertible {
    let seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        if let plain = Double(argument), plain > 0 {
            seconds = plain
            return
        }
        var total = 0.0
        var number = ""
        for character in argument.lowercased() {
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

    var duration: Duration { .milliseconds(Int64(seconds * 1000)) }

    var description: String {
        let whole = Int(seconds)
        if whole >= 60, Double(whole) == seconds {
            return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole / 60)m\(whole % 60)s"
        }
        return "\(seconds.formatted())s"
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

private extension Double {
    func formatted() -> String { self == rounded() ? String(Int(self)) : String(self) }
}
