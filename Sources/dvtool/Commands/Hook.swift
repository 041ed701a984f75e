import ArgumentParser
import DVBasics
import DVChecks
import DVHook
import DVPresentation
import FoundationEssentials

struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "The gate inside an ACME client (certbot, lego, dehydrated, acme.sh): publish, then check before the CA is asked.",
        discussion: """
            Runs your DNS provider's command with the client's arguments and environment, then, after the last \
            record of the order, waits until every value is on every authoritative server, no resolver holds an old \
            answer, DNSSEC is not bogus and CAA allows --ca; its last lines say what the CA would answer. \
            certbot: --manual-auth-hook 'dvtool hook certbot --run CMD' (and --cleanup as the cleanup hook); lego: \
            EXEC_PATH=dvtool-lego (a symlink) with DVTOOL_HOOK_RUN; dehydrated: HOOK=dvtool-dehydrated with \
            HOOK_CHAIN=yes and DVTOOL_HOOK_RUN; acme.sh: scripts/hooks/dns_dvtool.sh. Environment (flags win): DVTOOL_HOOK_RUN, DVTOOL_CA, \
            DVTOOL_RESOLVER (comma list), DVTOOL_ROOT_HINTS, DVTOOL_CONNECT_RESERVED=1, DVTOOL_TRUST_ANCHOR, DVTOOL_TIMEOUT (one server), \
            DVTOOL_WAIT_TIMEOUT, DVTOOL_STATE_DIR, DVTOOL_ACCOUNT_URL. dns-account-01: no client passes the account \
            URL to a DNS hook, so give --account-url; a full record name from the client (lego, acme.sh) is used as \
            given. See docs/hooks.md.
            Exit codes: 0 ready (or recorded for the last call), 1 not ready, 2 bad input, 3 could not check; \
            a failing provider command's own code.
            """)

    @Argument(help: ArgumentHelp("The ACME client: certbot, lego, dehydrated or acme.sh.", valueName: "client"))
    var client: ACMEClient

    @Option(name: .customLong("run"), help: ArgumentHelp("Your DNS provider's command (a shell command line) to publish or remove the record (DVTOOL_HOOK_RUN).", valueName: "command"))
    var provider: String?

    @Flag(help: "certbot: this is the --manual-cleanup-hook call.")
    var cleanup = false

    @OptionGroup var authority: TargetCAOption

    @Option(name: .customLong("account-url"), help: ArgumentHelp("dns-account-01: the ACME account URL; records named from a domain go to _LABEL._acme-challenge.DOMAIN (DVTOOL_ACCOUNT_URL).", valueName: "url"))
    var accountURL: String?

    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("Give up waiting after this long (DVTOOL_WAIT_TIMEOUT; default 10m).", valueName: "duration"))
    var waitTimeout: TypedDuration?

    @Option(help: ArgumentHelp("Time between rounds.", valueName: "duration"))
    var interval = TypedDuration(seconds: 5)

    @Flag(name: .customLong("stop-certbot"), help: "certbot: when the gate fails, stop certbot before it answers the CA (see docs/hooks.md).")
    var stopCertbot = false

    @Option(help: ArgumentHelp("certbot http-01: write the token under this document root instead of dvtool's token store (served by `dvtool serve`).", valueName: "dir"))
    var webroot: String?

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var reserved: ReservedAddressOption
    @OptionGroup var output: OutputOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("What the client passes (lego, dehydrated, acme.sh); after `--`, never read as options (a value may begin with -).", valueName: "arguments"))
    var givenArguments: [String] = []

    /// The client's arguments: a leading `--` only ends dvtool's options (lego's RAW mode has its own after the action).
    var arguments: [String] { givenArguments.first == "--" ? Array(givenArguments.dropFirst()) : givenArguments }

    func run() async throws {
        try output.textOrJSON("hook")
        let environment = ProcessInfo.processInfo.environment
        let settings = try HookSettings(flags: reserved.applied(to: dns.settings), timeoutGiven: dns.timeout != DNSOptions.defaultTimeout, ca: authority.ca,
                                        waitTimeout: waitTimeout, accountURL: accountURL, environment: environment)
        guard interval.seconds >= 0.2 else { throw CLIError.badInput("--interval must be at least 0.2 s") }
        let call = try HookCall.parse(client, arguments: arguments, environment: environment, cleanup: cleanup,
                                      accountLabel: settings.accountLabel)
        let context = try await CheckContext(settings.dns)
        let runner = HookRunner(client: client, provider: provider, settings: settings, interval: interval.duration,
                                webroot: webroot, context: context, environment: environment)
        let outcome = try await runner.run(call) { line in StandardStream.error.writeUnbuffered(line + "\n") }
        await context.shutdown()
        let printout = HookPrintout(outcome, json: output.isJSON)
        for (stream, text) in printout.lines { stream == .standardOutput ? Terminal.line(text) : Terminal.report(text) }
        if stopCertbot && client == .certbot && outcome.status != .ok {
            Terminal.report("dvtool gate: " + CertbotStop.terminateAncestor(report: printout.verdict))
        }
        try ExitStatus.finish(outcome.status, passingOn: outcome.providerFailure)
    }
}

extension ACMEClient: ExpressibleByArgument {}
