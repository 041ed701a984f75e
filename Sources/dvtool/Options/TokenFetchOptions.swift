import ArgumentParser

/// doctor's `--token TOKEN --token-body CONTENT`: the file-validation URL to fetch as a CA would, and what it must say.
struct TokenFetchOptions: ParsableArguments {
    @Option(help: "An http-01 token (or a /.well-known/… path) to fetch as a CA would.")
    var token: String?

    @Option(name: .customLong("token-body"), help: ArgumentHelp("The body the token URL must return.", valueName: "content"))
    var body: String?

    func validate() throws {
        if body != nil && token == nil { throw ValidationError("--token-body needs --token") }
    }
}
