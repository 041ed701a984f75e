import DVDNS

extension TXTChecker {
    /// `txt --wait`: checks again every `interval` until every server has the values, or until another round would
    /// end past `timeout` (counted from the first check; zero: one round); `progress` sees each unfinished round and
    /// the time left.
    /// Returns the last report and whether it gave up.
    public func waitUntilReady(_ name: DNSName, expected: [String], timeout: Duration, interval: Duration,
                               progress: (TXTReport, Duration) -> Void) async throws -> (report: TXTReport, gaveUp: Bool) {
        let deadline = ContinuousClock.now + timeout
        var report = await check(name, expected: expected)
        while report.status != .ok, ContinuousClock.now + interval < deadline {
            progress(report, deadline - ContinuousClock.now)
            try await Task.sleep(for: interval)
            report = await check(name, expected: expected)
        }
        return (report, report.status != .ok)
    }
}
