#if canImport(Glibc)
import Glibc
#endif

/// The moment signatures are checked against (`--at`): now, a UTC date or time, or an offset from now
/// ("will it still validate when the CA checks next week": `+7d`).
public struct ValidationMoment: Sendable, Hashable {
    /// Seconds since 1970, UTC.
    public let secondsSince1970: Int64

    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    public static var now: ValidationMoment { ValidationMoment(secondsSince1970: Int64(time(nil))) }

    /// Accepts `now`, `+7d` / `-12h` / `+30m` (from now), `2026-12-07`, `2026-12-07T12:00:00Z`, or `@1765000000`.
    public init?(parsing text: String, now: ValidationMoment = .now) {
        if text == "now" { self = now; return }
        if let sign = text.first, sign == "+" || sign == "-", let unit = text.last,
           let amount = Int64(text.dropFirst().dropLast()), let scale = ["d": 86_400, "h": 3600, "m": 60, "s": 1][unit] {
            // Within ±100 years: anything further is a typo, and would overflow.
            guard amount <= 36_525 * 86_400 / Int64(scale) else { return nil }
            self.init(secondsSince1970: now.secondsSince1970 + (sign == "-" ? -1 : 1) * amount * Int64(scale))
            return
        }
        if text.hasPrefix("@"), let seconds = Int64(text.dropFirst()) { self.init(secondsSince1970: seconds); return }
        guard let seconds = Self.utcSeconds(text) else { return nil }
        self.init(secondsSince1970: seconds)
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]Z` (a space instead of `T`, `Z` optional).
    private static func utcSeconds(_ text: String) -> Int64? {
        let parts = String(text.compactMap { $0 == "Z" ? nil : $0 == "T" ? " " : $0 })
            .split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count) else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int64($0) }
        let time = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int64($0) } : [0, 0]
        guard date.count == 3, (1970...9999).contains(date[0]), (2...3).contains(time.count), (1...12).contains(date[1]), (1...31).contains(date[2]),
              (0..<24).contains(time[0]), (0..<60).contains(time[1]), time.count == 2 || (0..<61).contains(time[2]) else {
            return nil
        }
        // Howard Hinnant's days_from_civil.
        let year = date[1] <= 2 ? date[0] - 1 : date[0]
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (date[1] > 2 ? date[1] - 3 : date[1] + 9) + 2) / 5 + date[2] - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + time[0] * 3600 + time[1] * 60 + (time.count == 3 ? time[2] : 0)
    }
}

extension ValidationMoment: CustomStringConvertible {
    /// "2036-01-01 00:00:00 UTC".
    public var description: String { utcText(dateTimeSeparator: " ") + " UTC" }

    /// "2036-01-01T00:00:00Z", as JSON writes dates.
    public var iso8601: String { utcText(dateTimeSeparator: "T") + "Z" }

    private func utcText(dateTimeSeparator: String) -> String {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let rest = secondsSince1970 - days * 86_400
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))\(dateTimeSeparator)\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    }
}

/// In JSON an ISO 8601 UTC string ("2026-12-07T12:00:00Z"), as every dvtool date is.
extension ValidationMoment: Codable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.hasSuffix("Z"), let seconds = Self.utcSeconds(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 UTC time: \(text)")
        }
        self.init(secondsSince1970: seconds)
    }
}
