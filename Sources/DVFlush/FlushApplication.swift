import DVProcess
import DVReport

/// `flush-dns --apply`: running the detected steps, after the checks that decide whether they can run.
extension FlushReport {
    /// Why the runnable steps cannot run as this user (which layers need root or an elevated prompt, and the
    /// command to run instead); nil when they can.
    public func privilegeShortfall(privileged: Bool) -> String? {
        let steps = runnableSteps
        let needs = Set(steps.map(\.privilege)).subtracting([.user])
        guard !needs.isEmpty, !privileged else { return nil }
        let who = needs.contains(.administrator) ? "an elevated (administrator) prompt" : "root"
        var seen = Set<String>()
        let layers = steps.filter { $0.privilege != .user }.map(\.layer.displayName).filter { seen.insert($0).inserted }
        let again = ["sudo", "dvtool", "flush-dns", "--apply", "--yes"] + (domain.map { ["--domain", $0] } ?? [])
        let command = needs.contains(.administrator) ? "dvtool flush-dns --apply --yes in an elevated prompt" : again.joined(separator: " ")
        return "flushing \(layers.joined(separator: ", ")) needs \(who); nothing was run. Run: \(command)"
    }

    /// Runs the runnable steps in order and, for `--domain`, asks the local caches again afterwards.
    public mutating func apply(runner: any CommandRunner) {
        results = Applier.run(runnableSteps, runner: runner)
        if let domain, cache != nil {
            cacheAfter = CacheInspector.inspect(layers, domain: domain, runner: runner)
        }
    }

    /// Whether a step that ran failed (exit 1).
    public var applyFailed: Bool { results?.contains(where: { !$0.ok }) == true }
    /// Guidance alone is ok; a step that ran and failed is the problem.
    public var status: CheckStatus { applyFailed ? .problem : .ok }
}
