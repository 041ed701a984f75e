import DVPerspective

/// The line saying which dated BR rule `mpic` applied.
public enum MPICCalendarRendering {
    public static func line(_ check: MPICCalendarCheck?) -> String? {
        check.map { "rule: \($0.applied); at least \($0.minimumRemotes) remote perspectives" }
    }
}
