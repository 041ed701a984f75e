import DVBasics
import FoundationEssentials
import Glibc

/// What a command printed and how it ended.
public struct CommandOutput: Sendable, Equatable {
    /// False when the program could not be started (not installed, not executable).
    public var launched: Bool
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var timedOut: Bool

    public init(launched: Bool = true, status: Int32, stdout: String = "", stderr: String = "", timedOut: Bool = false) {
        self.launched = launched
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
    }

    public var succeeded: Bool { launched && !timedOut && status == 0 }
}

/// Runs argv arrays (never a shell). Tests substitute a fake.
public protocol CommandRunner: Sendable {
    func run(_ command: [String], timeout: TimeInterval) -> CommandOutput
}

/// Runs programs with posix_spawn, looking them up in PATH plus the sbin directories
/// (a user's PATH often lacks /usr/sbin, where unbound-control, nscd and rndc live).
public struct ProcessRunner: CommandRunner {
    public init() {}

    static let extraDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    public static func locate(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in path + extraDirectories {
            let candidate = directory + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func run(_ command: [String], timeout: TimeInterval) -> CommandOutput { run(command, input: nil, timeout: timeout) }

    /// The same with `input` on the program's standard input.
    public func run(_ command: [String], input: [UInt8]?, timeout: TimeInterval) -> CommandOutput {
        guard let program = command.first else { return CommandOutput(launched: false, status: 127, stderr: "empty command") }
        guard let executable = Self.locate(program) else {
            #if !os(Windows)
            // `kill -HUP PID` also works without a kill binary: send the signal ourselves.
            if program == "kill", command.count == 3, command[1] == "-HUP", let pid = Int32(command[2]) {
                if sendSignal(pid, SIGHUP) == 0 { return CommandOutput(status: 0) }
                return CommandOutput(status: 1, stderr: "kill: (\(pid)): \(errnoText())")
            }
            #endif
            return CommandOutput(launched: false, status: 127, stderr: "\(program): not found in PATH or the sbin directories")
        }
        return Spawn.run(executable, arguments: command, input: input, timeout: timeout)
    }
}

#if !os(Windows)
private func sendSignal(_ pid: Int32, _ signal: Int32) -> Int32 { kill(pid, signal) }
#endif
