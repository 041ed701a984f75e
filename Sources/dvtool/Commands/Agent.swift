import ArgumentParser
import DVChecks
import DVPerspective
import DVPresentation

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Be one network perspective: answer Open MPIC check requests (one JSON line in, one out) with dvtool's checks.",
        discussion: """
            Reads Open MPIC per-perspective DCV and CAA request bodies, one per line, from standard input and writes one \
            CheckResponse per line (check_passed, errors in the CA's words, details). Methods: acme-dns-01, dns-account-01, \
            dns-persistent, dns-change (TXT, CNAME, CAA), acme-http-01, website-change; CAA for a list of issuer domains. DNS goes through --resolver \
            (this network's resolvers). Run it where the perspective is: `ip netns exec NS dvtool agent --stdio`, or \
            `ssh HOST dvtool agent --stdio` from `dvtool mpic`. docs/perspectives.md.
            Exit codes: 0 at the end of input, 2 bad input (options).
            """)

    @Flag(help: "Speak over standard input and output (the only transport).")
    var stdio = false

    @Option(help: "This perspective's code, echoed in every response (e.g. us-east-2).")
    var code: String = "local"

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var reserved: ReservedAddressOption

    func validate() throws {
        guard stdio else { throw ValidationError("give --stdio: the agent answers one JSON request per line on standard input") }
    }

    func run() async throws {
        let context = try await CheckContext(reserved.applied(to: dns.settings), dnssec: .off)
        let agent = PerspectiveAgent(code: code, context: context)
        while let line = readLine() {
            guard let response = await agent.answer(line: line) else { continue }
            Terminal.line(JSONOutput.encode(response, pretty: false))
            Terminal.flush()
        }
        await context.shutdown()
    }
}
