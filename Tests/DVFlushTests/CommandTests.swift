import DVProcess
import Foundation
import Testing
@testable import DVFlush

@Suite("flush-dns: cache inspection and --apply")
struct CommandTests {
    static let dump = """
        START_RRSET_CACHE
        ;rrset 286 1 0 8 0
        flushtest.example.test.\t286\tIN\tA\t192.0.2.201
        ;rrset 3586 1 0 8 0
        example.test.\t3586\tIN\tNS\tns1.example.test.
        ;rrset 286 1 0 8 0
        a.flushtest.example.test.\t286\tIN\tTXT\t"x"
        END_RRSET_CACHE
        START_MSG_CACHE
        msg flushtest.example.test. IN A 33152 1 286 0 1 0 0 -1
        flushtest.example.test. IN A 0
        msg gone.example.test. IN A 33155 1 586 0 0 1 0 -1
        END_MSG_CACHE
        EOF
        """

    @Test func unboundDumpIsReadForTheNameAndBelow() {
        let holding = CacheInspector.unboundHolding(dump: Self.dump, domain: "FlushTest.example.test", pid: 9, asked: [])
        #expect(holding.holds == true)
        #expect(holding.records == ["flushtest.example.test. 286 IN A 192.0.2.201", "a.flushtest.example.test. 286 IN TXT \"x\""])
        let negative = CacheInspector.unboundHolding(dump: Self.dump, domain: "gone.example.test", pid: 9, asked: [])
        #expect(negative.holds == true && negative.records.isEmpty)
        #expect(negative.detail.contains("negative"))
        let none = CacheInspector.unboundHolding(dump: Self.dump, domain: "test", pid: 9, asked: [])
        #expect(none.holds == true, "everything is below test.")
        #expect(CacheInspector.unboundHolding(dump: Self.dump, domain: "other.test", pid: 9, asked: []).holds == false)
    }

    @Test func inspectorAsksUnboundWithItsConfig() throws {
        let layer = DetectedLayer(layer: .unbound, active: true, pid: 9, config: "/tmp/u.conf", controlEnabled: true)
        let command = ["unbound-control", "-c", "/tmp/u.conf", "dump_cache"]
        let runner = FakeRunner([command: CommandOutput(status: 0, stdout: Self.dump)])
        let holdings = CacheInspector.inspect([layer, DetectedLayer(layer: .nscd, active: true, pid: 3)], domain: "flushtest.example.test", runner: runner)
        #expect(runner.asked == [command])
        #expect(holdings.map(\.holds) == [true, nil])
        let failing = FakeRunner([command: CommandOutput(status: 1, stderr: "error: connect: No such file or directory for /tmp/u.ctl\n")])
        let unknown = CacheInspector.inspect([layer], domain: "a.test", runner: failing)
        try #require(unknown.count == 1)
        #expect(unknown[0].holds == nil && unknown[0].detail == "could not ask: error: connect: No such file or directory for /tmp/u.ctl")
    }

    @Test func resolvectlSaysWhereTheAnswerCameFrom() throws {
        let layer = DetectedLayer(layer: .systemdResolved, active: true, pid: 5)
        let output = "www.example.test: 192.0.2.10                   -- link: eth0\n\n-- Information acquired via protocol DNS in 88us.\n-- Data is authenticated: no; Data was acquired via local or encrypted transport: no\n-- Data from: cache\n"
        let runner = FakeRunner([["resolvectl", "query", "--legend=yes", "www.example.test"]: CommandOutput(status: 0, stdout: output)])
        let holding = try #require(CacheInspector.inspect([layer], domain: "www.example.test", runner: runner).first)
        #expect(holding.holds == true)
        #expect(holding.records == ["www.example.test: 192.0.2.10                   -- link: eth0"])
    }

    @Test func applierRunsOnlyRunnableStepsAndReportsEach() throws {
        let steps = [
            FlushStep(layer: .unbound, command: ["unbound-control", "flush_zone", "a.test"], privilege: .root, confirm: "", runnable: true),
            FlushStep(layer: .dnsmasq, command: ["kill", "-HUP", "1"], privilege: .root, confirm: "", runnable: false),
            FlushStep(layer: .nscd, command: ["nscd", "-i", "hosts"], privilege: .root, confirm: "", runnable: true),
            FlushStep(layer: .systemdResolved, command: ["resolvectl", "flush-caches"], privilege: .root, confirm: "", runnable: true),
            FlushStep(layer: .browser, kind: .manual, command: [], action: "Chrome", privilege: .user, confirm: "", runnable: true),
        ]
        let runner = FakeRunner([
            ["unbound-control", "flush_zone", "a.test"]: CommandOutput(status: 0, stdout: "ok removed 1 rrsets, 1 messages and 0 key entries\n"),
            ["nscd", "-i", "hosts"]: CommandOutput(status: 4, stderr: "nscd: Only root is allowed to use this option!\n"),
            ["resolvectl", "flush-caches"]: CommandOutput(launched: false, status: 127, stderr: "resolvectl: not found in PATH or the sbin directories"),
        ])
        let results = Applier.run(steps, runner: runner)
        #expect(runner.asked.count == 3, "never the step that was not runnable, never a manual one")
        try #require(results.map(\.ok) == [true, false, false])
        #expect(results[0].message == "ok removed 1 rrsets, 1 messages and 0 key entries")
        #expect(results[1].message == "exit status 4: nscd: Only root is allowed to use this option!")
        #expect(results[1].status == 4)
        #expect(results[2].status == nil && results[2].message.contains("not found"))
    }

    @Test func processRunnerReportsStatusAndMissingPrograms() {
        let runner = ProcessRunner()
        #expect(runner.run(["true"], timeout: 10).succeeded)
        let failed = runner.run(["sh", "-c", "echo oops >&2; exit 3"], timeout: 10)
        #expect(failed.status == 3 && failed.stderr == "oops\n" && !failed.succeeded)
        let missing = runner.run(["dvtool-no-such-program"], timeout: 10)
        #expect(!missing.launched && missing.stderr.contains("not found"))
        let slow = runner.run(["sleep", "5"], timeout: 0.3)
        #expect(slow.timedOut && !slow.succeeded && slow.status == 128 + SIGTERM)
        // Both streams are read while the child runs, so neither pipe fills and blocks it.
        let chatty = runner.run(["sh", "-c", "head -c 200000 /dev/zero | tr '\\0' a; echo done >&2"], timeout: 10)
        #expect(chatty.succeeded && chatty.stdout.utf8.count == 200_000 && chatty.stderr == "done\n")
        // A child that closes its output but keeps running still meets the deadline.
        let quietSleeper = runner.run(["sh", "-c", "exec >&- 2>&-; sleep 5"], timeout: 0.3)
        #expect(quietSleeper.timedOut && !quietSleeper.succeeded)
        // A background grandchild holding the pipes open does not keep the runner waiting.
        let started = ContinuousClock.now
        let detached = runner.run(["sh", "-c", "sleep 5 & echo started"], timeout: 10)
        #expect(detached.succeeded && detached.stdout == "started\n" && ContinuousClock.now - started < .seconds(3))
        // Only stdin, stdout and stderr reach the child, whatever this process has open.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let descriptors = runner.run(["ls", "/proc/self/fd"], timeout: 10)
        #expect(descriptors.succeeded && !descriptors.stdout.split(separator: "\n").contains(Substring(String(leaked))),
                "\(descriptors.stdout)")
        // stdin is /dev/null: a program reading it ends at once.
        let reader = runner.run(["cat"], timeout: 10)
        #expect(reader.succeeded && reader.stdout.isEmpty)
    }
}

/// `flush-dns --apply`: who may run the steps, and what running them records.
@Suite("flush-dns: applying the steps")
struct ApplyTests {
    @Test func stepsThatNeedRootAreRefusedToAUserWithTheCommandToRunInstead() throws {
        let report = try FlushPlanner.plan(probe: Fixture.probe("resolved"), domain: "www.example.test", runner: FakeRunner())
        try #require(report.runnableSteps.contains { $0.privilege == .root })
        let refusal = try #require(report.privilegeShortfall(privileged: false))
        #expect(refusal.contains("needs root; nothing was run"))
        #expect(refusal.hasSuffix("Run: sudo dvtool flush-dns --apply --yes --domain www.example.test"))
        #expect(report.privilegeShortfall(privileged: true) == nil)
    }

    @Test func applyRunsEveryRunnableStepAndAsksTheCachesAgain() throws {
        let planned = try FlushPlanner.plan(probe: Fixture.probe("resolved"), domain: "www.example.test", runner: FakeRunner())
        var report = planned
        let runner = FakeRunner()
        report.apply(runner: runner)
        let commands = planned.runnableSteps.map(\.command)
        #expect(!commands.isEmpty && commands.allSatisfy { runner.asked.contains($0) })
        #expect(report.results?.count == commands.count && !report.applyFailed)
        #expect(report.cacheAfter != nil, "--domain: the caches are asked again")
        var failing = planned
        failing.apply(runner: FakeRunner(Dictionary(uniqueKeysWithValues: commands.map { ($0, CommandOutput(status: 1)) })))
        #expect(failing.applyFailed)
    }
}
