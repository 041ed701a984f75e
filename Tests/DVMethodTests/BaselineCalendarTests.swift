import Testing
import DVMethod

@Suite("Baseline Requirements calendar")
struct BaselineCalendarTests {
    /// Each step's eve and day: (day, minimum remote perspectives, RIRs, blocks issuance); nil rule before MPIC.
    static let mpicBoundaries: [(CalendarDay, Int?, Int, Bool)] = [
        (CalendarDay(2025, 3, 14), nil, 0, false),
        (CalendarDay(2025, 3, 15), 2, 0, false),
        (CalendarDay(2025, 9, 14), 2, 0, false),
        (CalendarDay(2025, 9, 15), 2, 0, true),
        (CalendarDay(2026, 3, 14), 2, 0, true),
        (CalendarDay(2026, 3, 15), 3, 2, true),
        (CalendarDay(2026, 6, 14), 3, 2, true),
        (CalendarDay(2026, 6, 15), 4, 2, true),
        (CalendarDay(2026, 12, 14), 4, 2, true),
        (CalendarDay(2026, 12, 15), 5, 2, true),
        (CalendarDay(2030, 1, 1), 5, 2, true),
    ]

    @Test(arguments: mpicBoundaries.indices)
    func mpicMinimumsByDate(row: Int) {
        let (day, minimum, rirs, blocks) = Self.mpicBoundaries[row]
        let rule = BaselineCalendar.mpicRule(on: day)
        #expect(rule?.minimumRemotePerspectives == minimum, "\(day)")
        if let rule {
            #expect(rule.distinctRIRs == rirs && rule.blocksIssuance == blocks, "\(day)")
            #expect(rule.source.contains("3.2.2.9") && rule.source.contains(rule.since.description))
        }
    }

    @Test func quorumTable() {
        #expect([1, 2, 5, 6, 9].map(MPICRule.allowedNonCorroborations) == [0, 1, 1, 2, 2])
    }

    @Test func dataReuseShrinks() {
        let cases: [(CalendarDay, Int)] = [(CalendarDay(2026, 3, 14), 398), (CalendarDay(2026, 3, 15), 200), (CalendarDay(2027, 3, 14), 200),
                                           (CalendarDay(2027, 3, 15), 100), (CalendarDay(2029, 3, 14), 100), (CalendarDay(2029, 3, 15), 10)]
        for (day, days) in cases { #expect(BaselineCalendar.dataReuseDays(on: day) == days, "\(day)") }
        #expect(BaselineCalendar.persistentRecordReuseDays == 10)
    }

    @Test func methodsRetire() {
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.8", on: CalendarDay(2026, 3, 14)) == .allowed)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.8", on: CalendarDay(2026, 3, 15)) == .retired)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.4", on: CalendarDay(2026, 3, 14)) == .allowed)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.4", on: CalendarDay(2026, 3, 15)) == .discouraged)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.4", on: CalendarDay(2028, 3, 14)) == .discouraged)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.4", on: CalendarDay(2028, 3, 15)) == .retired)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.16", on: CalendarDay(2027, 3, 15)) == .retired)
        #expect(BaselineCalendar.standing(ofSection: "3.2.2.4.2", on: CalendarDay(2025, 7, 15)) == .retired)
        for method in ValidationMethod.allCases {
            #expect(BaselineCalendar.standing(ofSection: method.baselineRequirementsSection, on: CalendarDay(2030, 1, 1)) == .allowed)
        }
    }

    /// UTC days from seconds, at and around midnight and across leap days and 1970.
    @Test func daysFromSeconds() {
        let cases: [(Int64, String)] = [(0, "1970-01-01"), (-1, "1969-12-31"), (1_796_515_200, "2026-12-06"), (1_796_515_199, "2026-12-05"),
                                        (1_709_164_800, "2024-02-29"), (1_830_211_200, "2027-12-31"), (951_782_400, "2000-02-29")]
        for (seconds, day) in cases { #expect(CalendarDay(secondsSince1970: seconds).description == day, "\(seconds)") }
    }
}
