import ArgumentParser
import DVDomain
import DVHTTPServer
import DVToken

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve file-validation tokens over HTTP/1.1 (GET and HEAD only, exact bytes, text/plain).",
        discussion: """
            Answers 200 with the exact bytes for the paths it serves and 404 for everything else. Sources: \
            --token PATH=CONTENT, --file NAME=LOCALFILE (under /.well-known/pki-validation/), --webroot DIR \
            (only DIR/.well-known/acme-challenge/ and DIR/.well-known/pki-validation/, read on every request, \
            so certbot --webroot and lego --http.webroot work with it) and --store (the `dvtool token --save` \
            store, re-read when it changes). One access-log line per request on stderr. SIGINT/SIGTERM stop \
            it gracefully.
            Exit codes: 0 stopped normally (or every token fetched with --until-fetched), 2 bad input, \
            3 could not listen (port in use, permission denied).
            """)

    @Option(name: .customLong("listen"), help: ArgumentHelp("Address to listen on: ADDR:PORT, [V6ADDR]:PORT or :PORT (all addresses); repeatable (default: port 80 on every IPv4 and IPv6 address).", valueName: "addr:port"))
    var listen: [String] = []

    @Option(name: .customLong("token"), help: ArgumentHelp("Serve CONTENT at PATH; a PATH without / is an ACME token under /.well-known/acme-challenge/; repeatable.", valueName: "path=content"))
    var tokens: [String] = []

    @Option(name: .customLong("file"), help: ArgumentHelp("Serve the bytes of LOCALFILE at /.well-known/pki-validation/NAME; repeatable.", valueName: "name=localfile"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Serve files below DIR/.well-known/acme-challenge/ and DIR/.well-known/pki-validation/.", valueName: "dir"))
    var webroot: String?

    @Flag(help: "Also serve the file tokens of the token store that `dvtool token --save` writes (re-read when it changes).")
    var store = false

    @Option(help: ArgumentHelp("The token store to serve (implies --store; default $DVTOOL_TOKEN_STORE or ~/.local/share/dvtool/tokens.json).", valueName: "file"))
    var storePath: String?

    @Option(name: .customLong("host"), help: ArgumentHelp("Answer only requests whose Host header is NAME (IDN accepted).", valueName: "name"))
    var hostName: String?

    @Option(help: ArgumentHelp("Exit 0 once every served token was fetched (GET, 200) N times.", valueName: "n"))
    var untilFetched: Int?

    @Option(help: ArgumentHelp("After binding, when started as root: switch to this user.", valueName: "name"))
    var user: String?

    @Option(help: "Open connections at most; more are answered 503.")
    var maxConnections = 1024

    @Option(help: ArgumentHelp("Seconds a request head may take to arrive.", valueName: "seconds"))
    var headerTimeout: Double = 10

    @Option(help: ArgumentHelp("Seconds an idle keep-alive connection stays open.", valueName: "seconds"))
    var idleTimeout: Double = 15

    @Flag(help: "No access log.")
    var quiet = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let untilFetched, !(1...1000).contains(untilFetched) { throw ValidationError("--until-fetched must be between 1 and 1000") }
        guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be between 1 and 100000") }
        guard headerTimeout > 0, headerTimeout <= 600 else { throw ValidationError("--header-timeout must be between 0 and 600 seconds") }
        guard idleTimeout > 0, idleTimeout <= 3600 else { throw ValidationError("--idle-timeout must be between 0 and 3600 seconds") }
    }

    func run() async throws {
        try output.textOrJSON("serve")
        var request = ServeRequest()
        (request.listen, request.tokens, request.files, request.webroot) = (listen, tokens, files, webroot)
        request.storePath = store || storePath != nil ? storePath ?? TokenStore.defaultPath() : nil
        request.hostName = try hostName.map { name throws(CLIError) in try DomainInput(name, option: "--host", allowWildcard: false).ascii }
        (request.untilFetched, request.user, request.quiet, request.json) = (untilFetched, user, quiet, output.isJSON)
        request.limits.maxConnections = maxConnections
        request.limits.headerTimeout = .milliseconds(Int64(headerTimeout * 1000))
        request.limits.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        _ = try await request.serve()
    }
}
