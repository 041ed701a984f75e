import Foundation

/// Computations done by Python's standard library, so a test compares dvtool with code that is not dvtool's.
public enum Python {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `python3 -c SCRIPT ARGUMENTS...` and returns its stdout without the final newline.
    public static func run(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(description: "python3 -c \(script) failed") }
        return text.trimmingCharacters(in: .newlines)
    }

    /// The dns-account-01 label of an account URL: base32(SHA-256(url)[0..<10]) in lower case, by hashlib.
    public static func dnsAccountLabel(_ url: String) throws -> String {
        try run("import sys,hashlib,base64; print(base64.b32encode(hashlib.sha256(sys.argv[1].encode()).digest()[:10]).decode().lower())", [url])
    }
}
