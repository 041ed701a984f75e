/// Whether `condition` holds within `bound`, looked at every 10 ms: for watching a process or a run that is still going.
public func eventually(within bound: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + bound
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
