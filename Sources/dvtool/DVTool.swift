import ArgumentParser
import DVBasics

@main
struct DVTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvtool",
        abstract: "Get through domain validation for SSL/TLS certificates: DNS, tokens, IDN and TLS checks.",
        discussion: "Exit codes: 0 all good, 1 a check failed, 2 bad input, 3 could not check (network).",
        version: "0.1.0",
        subcommands: [ResolveCommand.self, TXTCommand.self, CAACommand.self, DNSSECCommand.self, DoctorCommand.self,
                      IDNCommand.self, CertCommand.self, ServeCommand.self, HTTPCheckCommand.self, TokenCommand.self,
                      FlushDNSCommand.self, HookCommand.self, ExplainCommand.self, AgentCommand.self, MPICCommand.self,
                      PathCommand.self]
    )

    /// lego's EXEC_PATH names one program without arguments: started as `dvtool-lego` (a symlink), dvtool is
    /// `dvtool hook lego`; likewise `dvtool-dehydrated` for dehydrated's HOOK.
    static func invokedArguments() -> [String] {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The client's arguments are never dvtool's options: a base64url value may begin with "-" (one in 64 does).
        // Only a lone --help, -h or --version is the user asking dvtool.
        let clientArguments = [["--help"], ["-h"], ["--version"]].contains(arguments) ? arguments : ["--"] + arguments
        switch FilePath.lastComponent(of: CommandLine.arguments.first ?? "") {
        case "dvtool-lego": return ["hook", "lego"] + clientArguments
        case "dvtool-dehydrated": return ["hook", "dehydrated"] + clientArguments
        default: return arguments
        }
    }

    /// Runs the command and maps every failure onto the documented exit codes.
    static func main() async {
        do {
            var command = try parseAsRoot(invokedArguments())
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Terminal.flush()
        } catch let error as any UserFacingError {
            // debug and error write what stdout holds first, and are said even when stdout's reader is gone.
            Terminal.debug(error.debugDetail)
            Terminal.error(error.description)
            exitProcess(error.exitStatus.rawValue)
        } catch {
            Terminal.flush()
            let code = exitCode(for: error)
            if code == .validationFailure {
                // ArgumentParser's usage errors exit 64 with usage lines; dvtool documents 2 and one line.
                // A long list of choices comes as one line per choice: one line it is.
                let line = message(for: error).replacing(":\n  - ", with: ": ").replacing("\n  - ", with: ", ")
                Terminal.error(line + " (see --help)")
                exitProcess(ExitStatus.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}

