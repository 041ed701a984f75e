import DVProcess
import ArgumentParser
import DVDomain
import DVBasics
import DVFlush
import DVPresentation

struct FlushDNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush-dns",
        abstract: "Show (or run) the commands that clear the DNS caches between you and the authoritative servers.",
        discussion: """
            Without options: detects this machine's caches (on Linux: running Unbound, BIND, dnsmasq, \
            NetworkManager's dnsmasq, systemd-resolved and nscd, from their processes, port-53 sockets, \
            /etc/resolv.conf, nsswitch.conf and NetworkManager's dns= mode) and prints the exact commands in order \
            (nearest the authoritative servers first), the privilege each needs and how to confirm it worked, then \
            the browser pages. --os prints the guidance for another system. --domain also checks the hosts file and \
            asks the local caches that can be asked whether they hold the name. --apply runs the detected commands \
            (argv, no shell) after a confirmation, or with --yes.
            Exit codes: 0 ok, 1 a flush command failed, 2 bad input (or the confirmation was declined or impossible), \
            3 could not run (privileges).
            """)

    @OptionGroup var other: OtherSystemOptions

    @Option(help: ArgumentHelp("Also check the hosts file for NAME and which local cache holds it now.", valueName: "name"))
    var domain: String?

    @Flag(help: "Run the detected flush commands (asks first unless --yes).")
    var apply = false

    @Flag(name: .shortAndLong, help: "With --apply: do not ask for confirmation.")
    var yes = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try output.textOrJSON("flush-dns")
        if apply && other.system != nil {
            throw CLIError.badInput("--apply runs only the commands detected on this machine; drop --os")
        }
        if yes && !apply { throw CLIError.badInput("--yes only makes sense with --apply") }
        let name = try domain.map { text throws(CLIError) in try DomainInput(text, option: "--domain", allowWildcard: false).ascii }

        let probe = LiveProbe()
        let runner = ProcessRunner()
        var report = try FlushPlanner.plan(probe: probe, target: other.system, version: other.version, domain: name, runner: runner)

        guard apply else {
            emit(report)
            return
        }
        let steps = report.runnableSteps
        if steps.isEmpty {
            report.notes.append("--apply: nothing detected that dvtool can run; see the steps above.")
            emit(report)
            return
        }
        if let shortfall = report.privilegeShortfall(privileged: probe.isPrivileged()) {
            emit(report)
            throw CLIError.couldNotCheck(shortfall)
        }
        if !yes {
            guard StandardStream.input.isTerminal else {
                throw CLIError.badInput("--apply asks before running \(steps.count) command\(steps.count == 1 ? "" : "s") and stdin is not a terminal: pass --yes")
            }
            if !output.isJSON { Terminal.line(output.text(FlushRendering.document(report))) }
            Terminal.flush()
            // The question goes to stderr so stdout stays the report (or the JSON document).
            StandardStream.error.writeUnbuffered("\nRun these \(steps.count) command\(steps.count == 1 ? "" : "s") now? [y/N] ")
            let answer = readLine()?.trimmingWhitespace().lowercased() ?? ""
            guard answer == "y" || answer == "yes" else { throw CLIError.badInput("not confirmed: nothing was run") }
        }

        report.apply(runner: runner)
        if output.isJSON {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            if yes { Terminal.line(output.text(FlushRendering.document(report))) }
            Terminal.line(output.text(FlushRendering.results(report)))
        }
        try ExitStatus.finish(report.status)
    }

    private func emit(_ report: FlushReport) {
        Terminal.line(output.isJSON ? JSONOutput.encode(report, pretty: true) : output.text(FlushRendering.document(report)))
        Terminal.flush()
    }
}
