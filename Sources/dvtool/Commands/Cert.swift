import ArgumentParser

struct CertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Check certificate, key and chain files, or the certificate a server serves.",
        discussion: "Exit codes: 0 all good, 1 a problem was found, 2 bad input, 3 could not check (network).",
        subcommands: [CertCheckCommand.self, CertProbeCommand.self, CertConvertCommand.self, CertBundleCommand.self])
}
