import DVProcess
import DVFlush
import Foundation

/// The fixture trees next to this file (no SwiftPM resources needed).
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func probe(_ name: String) -> FixtureProbe { FixtureProbe(root: root.appendingPathComponent(name)) }

    static func detect(_ name: String) -> LinuxDetection { LinuxDetector(probe: probe(name)).detect() }
}

/// Answers commands from a table and records what was asked.
final class FakeRunner: CommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [[String]: CommandOutput]
    private(set) var asked: [[String]] = []

    init(_ answers: [[String]: CommandOutput] = [:]) { self.answers = answers }

    func run(_ command: [String], timeout: TimeInterval) -> CommandOutput {
        lock.lock(); defer { lock.unlock() }
        asked.append(command)
        return answers[command] ?? CommandOutput(status: 0)
    }
}

/// Runs a program and returns its status and stdout (stderr appended on failure).
@discardableResult
func shell(_ arguments: [String], check: Bool = true) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe(), errors = Pipe()
    process.standardOutput = pipe
    process.standardError = errors
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    let error = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let output = String(decoding: data, as: UTF8.self)
    if check && process.terminationStatus != 0 {
        throw ShellError(message: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(output)\(String(decoding: error, as: UTF8.self))")
    }
    return (process.terminationStatus, output)
}

struct ShellError: Error, CustomStringConvertible { let message: String; var description: String { message } }
