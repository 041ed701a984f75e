import ArgumentParser

@main
struct DVTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvtool",
        abstract: "Get through domain validation for SSL/TLS certificates: DNS, tokens, IDN and TLS checks.",
        version: "0.1.0",
        subcommands: [
            ResolveCommand.self,
        ]
    )
}
