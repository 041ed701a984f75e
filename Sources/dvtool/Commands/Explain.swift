import ArgumentParser
import DVBasics
import DVCAA
import DVExplain
import DVPresentation
import DVProcess
import DVReport

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Paste a CA's or ACME client's error message: what it means, the likely causes, the check that proves which.",
        discussion: """
            Recognises Let's Encrypt (Boulder), Pebble, certbot, lego, acme.sh, dehydrated, DigiCert, Sectigo and Alibaba \
            Cloud messages (English and Chinese), with the prefixes that change their meaning ("During secondary \
            validation:", "While processing CAA for …:", a leading address). Without MESSAGE it reads standard input: a \
            client's output or its whole debug log, where the CA's reason wins over the client's hints. \
            --run runs the reproducing check (pass the same --root-hints/--resolver/--trust-anchor you would give it) \
            and says which cause it confirmed. docs/explain.md lists the sources and kinds of message it knows.
            Exit codes: 0 recognised, 1 not recognised (the general checklist is suggested), 2 bad input; with --run, \
            the check's own code.
            """)

    @Argument(help: "The message (quote it); omit to read standard input.")
    var message: String?

    @Flag(help: "Run the reproducing check and say which cause it confirmed.")
    var run = false

    @Option(name: .customLong("check-option"), parsing: .singleValue, help: ArgumentHelp("With --run: an option for the check (e.g. --check-option=--root-hints=FILE); repeatable.", valueName: "option"))
    var checkOptions: [String] = []

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try output.textOrJSON("explain")
        let text = try message ?? Self.standardInput()
        guard !text.trimmingWhitespace(includingNewlines: true).isEmpty else {
            throw CLIError.badInput("no message: pass it as an argument (quoted) or on standard input")
        }
        var explanation = Explainer.explain(text)
        // explain reads text only; which CA the client talked to comes from DVCAA's one list of CAs.
        if let server = explanation.acmeServer, let served = CertificateAuthority.serving(server) {
            explanation.ca = ServerCA(name: served.authority.name, issuerDomains: served.authority.issuerDomains, staging: served.directory.staging)
        }
        var checkCode: Int32?
        if run, !explanation.command.isEmpty {
            guard let command = explanation.runnableCommand else {
                // The explanation is still worth reading; the check cannot run without the name.
                Terminal.line(output.isJSON ? JSONOutput.encode(explanation, pretty: true) : output.text(ExplainRendering.document(explanation)))
                Terminal.error("could not run the check: the message names no domain; run the command above with DOMAIN filled in")
                return try ExitStatus.finish(.error)
            }
            let check = ProcessRunner().run([Self.executable] + command + checkOptions + ["--json"], timeout: 300)
            if !output.isJSON { Terminal.line(check.stdout.trimmingWhitespace(includingNewlines: true)) }
            explanation.confirmed = Explainer.confirmedCauses(of: explanation.pattern, checkJSON: check.stdout)
            checkCode = check.launched ? check.status : CheckStatus.error.exitCode
        }
        Terminal.line(output.isJSON ? JSONOutput.encode(explanation, pretty: true) : output.text(ExplainRendering.document(explanation)))
        // With --run the check's own code is the answer, 0 included.
        try ExitStatus.finish(explanation.status, passingOn: checkCode)
    }

    /// The message from a pipe (a client's output or whole log), at most 64 MiB: reading is linear, so a day of
    /// renewals fits.
    private static func standardInput() throws(CLIError) -> String {
        var text = ""
        while let line = readLine(strippingNewline: false) {
            text += line
            guard text.utf8.count <= 64 << 20 else { throw .badInput("standard input is over 64 MiB: pass the log of one run (or its last part)") }
        }
        return text
    }

    /// This program, to run the check exactly as installed.
    private static var executable: String { FilePath.currentExecutable() ?? CommandLine.arguments[0] }
}
