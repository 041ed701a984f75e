// The BR 3.2.2.9 minimum of the day on top of the validator's own rules: only ever stricter.
import DVMethod

/// Which dated rule an `mpic` run was judged by (JSON `calendar`).
public struct MPICCalendarCheck: Sendable, Codable {
    /// The day judged (the run's, or `--at`).
    public let day: CalendarDay
    /// The BR rule in force that day; nil before MPIC was required (2025-03-15).
    public let rule: MPICRule?
    /// Remote perspectives needed: the larger of the BR's minimum and Boulder's (`Coordinator.minimumRemotes`).
    public let minimumRemotes: Int
    /// One line: which rule applied and where it comes from.
    public let applied: String
}

extension MPICReport {
    /// Judges the remote count by the BR minimum of `day` as well: a CA must follow the BR of the day it
    /// issues, and Boulder's own floor (3 remotes, 2 RIRs) stays, so the stricter of the two decides.
    public mutating func applyCalendar(on day: CalendarDay) {
        let rule = BaselineCalendar.mpicRule(on: day)
        let minimum = max(rule?.minimumRemotePerspectives ?? 0, Coordinator.minimumRemotes)
        let applied = (rule.map { "\($0.source) (in force on \(day))" } ?? "no BR MPIC requirement on \(day) (it starts 2025-03-15)")
            + (minimum > (rule?.minimumRemotePerspectives ?? 0) ? "; Let's Encrypt's validator needs \(Coordinator.minimumRemotes) remote perspectives from 2 RIRs whatever the date" : "")
        calendar = MPICCalendarCheck(day: day, rule: rule, minimumRemotes: minimum, applied: applied)
        if valid, let rule, remotes.count < rule.minimumRemotePerspectives, !remotes.contains(where: { $0.detail.hasPrefix("Open MPIC deployment:") }) {
            valid = false
            message = "Insufficient remote perspectives: BR 3.2.2.9 requires at least \(rule.minimumRemotePerspectives) from \(rule.since), \(remotes.count) configured"
        }
    }
}
