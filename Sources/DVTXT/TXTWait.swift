import DVDNS
import DVMethod

extension TXTChecker {
    /// `txt --wait`: checks again every `interval` until every server has the values, or until another round would
    /// end past `timeout` (counted from the first check; zero: one round); `progress` sees each unfinished round and
    /// the time left.
    /// Returns the last report and whether it gave up.
    public func waitUntilReady(_ name: DNSName, expected: [String], timeout: Duration, interval: Duration,
                               progress: (TXTReport, Duration) -> Void) async throws -> (report: TXTReport, gaveUp: Bool) {
        try await rounds(timeout: timeout, interval: interval, progress: progress) { await check(name, expected: expected) }
    }

    /// `txt --persist --wait`: the same rounds until every server serves a dns-persist-01 record the CA accepts.
    public func waitUntilPersistReady(_ name: DNSName, expecting expectation: PersistExpectation, caName: String, timeout: Duration,
                                      interval: Duration, progress: (TXTReport, Duration) -> Void) async throws -> (report: TXTReport, gaveUp: Bool) {
        try await rounds(timeout: timeout, interval: interval, progress: progress) {
            await checkPersist(name, expecting: expectation, caName: caName)
        }
    }

    private func rounds(timeout: Duration, interval: Duration, progress: (TXTReport, Duration) -> Void,
                        check round: () async -> TXTReport) async throws -> (report: TXTReport, gaveUp: Bool) {
        let deadline = ContinuousClock.now + timeout
        var report = await round()
        while report.status != .ok, ContinuousClock.now + interval < deadline {
            progress(report, deadline - ContinuousClock.now)
            try await Task.sleep(for: interval)
            report = await round()
        }
        return (report, report.status != .ok)
    }
}
