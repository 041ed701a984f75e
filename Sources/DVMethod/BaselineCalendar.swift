// BaselineCalendar: the CA/Browser Forum Baseline Requirements rules that change with the date, as one dated table.
//
// Source for every row: BR v2.2.6 (cabforum/servercert docs/BR.md at f88428082c4411d7a1cebfd52fca7f5f420efab2,
// 2026-05-04): 3.2.2.9 (MPIC, ballot SC-067), 4.2.1 (data reuse, SC-081), 3.2.2.4.x and 1.2.2 (method sunsets,
// SC-080, SC-090, SC-091). Ballots after v2.2.6 are not in it.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A day in UTC, `YYYY-MM-DD`; rules take effect at its 00:00:00Z.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC day holding `seconds` since 1970.
    public init(secondsSince1970 seconds: Int64) {
        let text = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        // The style writes YYYY-MM-DD, always parsable.
        self = CalendarDay(parsing: text) ?? CalendarDay(1970, 1, 1)
    }

    /// `YYYY-MM-DD`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1 ... 12).contains(parts[1]), (1 ... 31).contains(parts[2]) else { return nil }
        self.init(parts[0], parts[1], parts[2])
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM-DD: \(text)"))
        }
        self = day
    }
}

/// BR 3.2.2.9's multi-perspective rule in force on a day.
public struct MPICRule: Sendable, Equatable, Codable {
    /// The day the rule took effect.
    public let since: CalendarDay
    public let minimumRemotePerspectives: Int
    /// Distinct RIR service regions the corroborating remotes must span; 0 when the BR sets none.
    public let distinctRIRs: Int
    /// Whether a failed quorum must stop issuance (before 2025-09-15 the CA could still issue).
    public let blocksIssuance: Bool
    public let source: String

    /// Non-corroborating remotes allowed (BR 3.2.2.9 quorum table): none of 1, one of 2–5, two of 6 or more.
    public static func allowedNonCorroborations(remotes: Int) -> Int {
        remotes >= 6 ? 2 : remotes >= 2 ? 1 : 0
    }
}

/// A validation method's standing on a day.
public struct MethodSunset: Sendable, Equatable, Codable {
    public enum Standing: String, Sendable, Codable {
        case allowed
        /// "SHOULD NOT be used" (SC-090's first step).
        case discouraged
        /// "MUST NOT": the CA may not rely on it.
        case retired
    }

    /// BR section, e.g. `3.2.2.4.8`.
    public let section: String
    public let name: String
    public let discouragedFrom: CalendarDay?
    public let retiredFrom: CalendarDay
    public let ballot: String

    public func standing(on day: CalendarDay) -> Standing {
        if day >= retiredFrom { return .retired }
        if let discouragedFrom, day >= discouragedFrom { return .discouraged }
        return .allowed
    }
}

public enum BaselineCalendar {
    public static let mpicRules: [MPICRule] = [
        MPICRule(since: CalendarDay(2025, 3, 15), minimumRemotePerspectives: 2, distinctRIRs: 0, blocksIssuance: false,
                 source: "BR 3.2.2.9 (SC-067), effective 2025-03-15: 2 remote perspectives, quorum not yet blocking"),
        MPICRule(since: CalendarDay(2025, 9, 15), minimumRemotePerspectives: 2, distinctRIRs: 0, blocksIssuance: true,
                 source: "BR 3.2.2.9 (SC-067), effective 2025-09-15: 2 remote perspectives, quorum required"),
        MPICRule(since: CalendarDay(2026, 3, 15), minimumRemotePerspectives: 3, distinctRIRs: 2, blocksIssuance: true,
                 source: "BR 3.2.2.9 (SC-067), effective 2026-03-15: 3 remote perspectives, corroborating from 2 RIRs"),
        MPICRule(since: CalendarDay(2026, 6, 15), minimumRemotePerspectives: 4, distinctRIRs: 2, blocksIssuance: true,
                 source: "BR 3.2.2.9 (SC-067), effective 2026-06-15: 4 remote perspectives, corroborating from 2 RIRs"),
        MPICRule(since: CalendarDay(2026, 12, 15), minimumRemotePerspectives: 5, distinctRIRs: 2, blocksIssuance: true,
                 source: "BR 3.2.2.9 (SC-067), effective 2026-12-15: 5 remote perspectives, corroborating from 2 RIRs"),
    ]

    /// The MPIC rule in force on `day`; nil before 2025-03-15 (no MPIC requirement).
    public static func mpicRule(on day: CalendarDay) -> MPICRule? {
        mpicRules.last { $0.since <= day }
    }

    /// BR 4.2.1 domain validation data reuse, in days, from each day on (SC-081); 398 before the first step.
    public static let dataReuseSteps: [(since: CalendarDay, days: Int)] = [
        (CalendarDay(2026, 3, 15), 200), (CalendarDay(2027, 3, 15), 100), (CalendarDay(2029, 3, 15), 10),
    ]

    public static func dataReuseDays(on day: CalendarDay) -> Int {
        dataReuseSteps.last { $0.since <= day }?.days ?? 398
    }

    /// dns-persist-01's own cap, whatever the date (BR 3.2.2.4.22).
    public static let persistentRecordReuseDays = 10

    public static let sunsets: [MethodSunset] = [
        MethodSunset(section: "3.2.2.4.2", name: "Email, Fax, SMS, or Postal to Domain Contact", discouragedFrom: nil,
                     retiredFrom: CalendarDay(2025, 7, 15), ballot: "SC-080"),
        MethodSunset(section: "3.2.2.4.15", name: "Phone Contact with Domain Contact", discouragedFrom: nil,
                     retiredFrom: CalendarDay(2025, 7, 15), ballot: "SC-080"),
        MethodSunset(section: "3.2.2.4.8", name: "IP Address", discouragedFrom: nil,
                     retiredFrom: CalendarDay(2026, 3, 15), ballot: "BR 3.2.2.4.8"),
        MethodSunset(section: "3.2.2.4.16", name: "Phone Contact with DNS TXT Record Phone Contact", discouragedFrom: CalendarDay(2026, 3, 15),
                     retiredFrom: CalendarDay(2027, 3, 15), ballot: "SC-090"),
        MethodSunset(section: "3.2.2.4.17", name: "Phone Contact with DNS CAA Phone Contact", discouragedFrom: CalendarDay(2026, 3, 15),
                     retiredFrom: CalendarDay(2027, 3, 15), ballot: "SC-090"),
        MethodSunset(section: "3.2.2.4.4", name: "Constructed Email to Domain Contact", discouragedFrom: CalendarDay(2026, 3, 15),
                     retiredFrom: CalendarDay(2028, 3, 15), ballot: "SC-090"),
        MethodSunset(section: "3.2.2.4.13", name: "Email to DNS CAA Contact", discouragedFrom: CalendarDay(2026, 3, 15),
                     retiredFrom: CalendarDay(2028, 3, 15), ballot: "SC-090"),
        MethodSunset(section: "3.2.2.4.14", name: "Email to DNS TXT Contact", discouragedFrom: CalendarDay(2026, 3, 15),
                     retiredFrom: CalendarDay(2028, 3, 15), ballot: "SC-090"),
    ]

    /// A method's standing on `day`, by BR section; methods without a sunset are allowed.
    public static func standing(ofSection section: String, on day: CalendarDay) -> MethodSunset.Standing {
        sunsets.first { $0.section == section }?.standing(on: day) ?? .allowed
    }
}
