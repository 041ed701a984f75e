import Foundation

/// Runs the built `dvtool` binary the way a user or a script does, and captures what it printed.
public enum CLI {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The package checkout, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let rootHints = packageRoot.appendingPathComponent("zones/root.hints").path

    /// The binary next to the test bundle, or `$DVTOOL_BIN`.
    public static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["DVTOOL_BIN"] { return URL(fileURLWithPath: override) }
        let besideTests = Bundle.main.bundleURL.appendingPathComponent("dvtool")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        let argumentDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [argumentDirectory.appendingPathComponent("dvtool"),
                          argumentDirectory.deletingLastPathComponent().appendingPathComponent("dvtool"),
                          packageRoot.appendingPathComponent(".build/debug/dvtool")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Runs `dvtool ARGUMENTS`, feeding `input` on stdin; gives up (status -1) after `timeout` seconds.
    public static func run(_ arguments: [String], input: String? = nil, timeout: TimeInterval = 60,
                           environment: [String: String] = [:]) throws -> Result {
        try run(arguments, bytes: input.map { Data($0.utf8) }, timeout: timeout, environment: environment)
    }

    /// Runs `dvtool ARGUMENTS` on one client host of the internet in a box (`scripts/internet-box`), with no DNS
    /// flags of its own: the built-in roots, the system resolver and the public ones, /usr/share/dns/root.key.
    public static func runInBox(_ client: String, _ arguments: [String], resolvConf: String? = nil,
                                timeout: TimeInterval = 60) throws -> Result {
        let script = packageRoot.appendingPathComponent("scripts/internet-box")
        let options = ["run", client] + (resolvConf.map { ["--resolv-conf", $0] } ?? []) + ["--", binary.path]
        return try run(options + arguments, bytes: nil, timeout: timeout, environment: [:], executable: script)
    }

    /// The same with raw bytes on stdin (input that is not valid UTF-8).
    public static func run(_ arguments: [String], bytes input: Data?, timeout: TimeInterval = 60,
                           environment: [String: String] = [:], executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe(), errors = Pipe(), feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = feed
        try process.run()
        if let input { feed.fileHandleForWriting.write(input) }
        try feed.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (pipe, isError) in [(output, false), (errors, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isError: isError)
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            group.wait()
            return Result(status: -1, stdout: collected.text(isError: false), stderr: "timed out; " + collected.text(isError: true))
        }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: collected.text(isError: false), stderr: collected.text(isError: true))
    }
}

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func set(_ data: Data, isError: Bool) {
        lock.lock(); defer { lock.unlock() }
        if isError { err = data } else { out = data }
    }

    func text(isError: Bool) -> String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: isError ? err : out, as: UTF8.self)
    }
}
