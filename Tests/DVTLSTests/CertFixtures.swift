import Foundation
import Glibc

/// Runs a tool (openssl, keytool) and fails the test with its output when it does not exit 0.
@discardableResult
func tool(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw FixtureError(description: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
    }
    return text
}

struct FixtureError: Error, CustomStringConvertible { let description: String }

/// A throw-away PKI made with the openssl CLI: root → intermediate → leaf (aia.example.test), the leaf naming
/// its issuer at `aiaURL`, plus an unrelated key. Every file lives in `directory`, removed by `remove()`.
final class TestCA {
    let directory: String
    static let password = "s3cr3t-Pw-9"

    init(aiaURL: String) throws {
        directory = NSTemporaryDirectory() + "dvtool-cert-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
            [ca]
            basicConstraints=critical,CA:TRUE
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid
            [leaf]
            basicConstraints=CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=DNS:aia.example.test
            authorityKeyIdentifier=keyid
            authorityInfoAccess=caIssuers;URI:\(aiaURL)

            """.write(toFile: path("ext.cnf"), atomically: true, encoding: .utf8)
        try run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.crt", "-days", "365",
                "-subj", "/CN=Convert Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        try issue("int", subject: "/CN=Convert Test Intermediate", by: "root", extensions: "ca")
        try issue("leaf", subject: "/CN=aia.example.test", by: "int", extensions: "leaf")
        try run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.key")
        try (String(contentsOfFile: path("leaf.crt"), encoding: .utf8) + String(contentsOfFile: path("int.crt"), encoding: .utf8))
            .write(toFile: path("fullchain.pem"), atomically: true, encoding: .utf8)
        try run("openssl", "x509", "-in", "int.crt", "-outform", "DER", "-out", "int.der")
    }

    private func issue(_ name: String, subject: String, by issuer: String, extensions: String) throws {
        try run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject)
        try run("openssl", "x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).crt", "-CAkey", "\(issuer).key", "-CAcreateserial",
                "-out", "\(name).crt", "-days", "90", "-extfile", "ext.cnf", "-extensions", extensions)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    @discardableResult
    func run(_ arguments: String...) throws -> String { try tool(arguments, in: directory) }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// `openssl verify` of DIR/cert.pem with DIR/chain.pem against the root: the output must say OK.
    func verify(certificate: String, untrusted: String) throws -> String {
        var arguments = ["openssl", "verify", "-CAfile", path("root.crt")]
        if let size = try? FileManager.default.attributesOfItem(atPath: untrusted)[.size] as? Int, size > 0 { arguments += ["-untrusted", untrusted] }
        return try tool(arguments + [certificate], in: directory)
    }

    /// The SHA-256 fingerprint of the first certificate in a file, as openssl prints it.
    func fingerprint(_ file: String) throws -> String {
        try run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", file).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The public half of a private key file, PEM.
    func publicKey(_ keyFile: String, password: String? = nil) throws -> String {
        try run(["openssl", "pkey", "-in", keyFile, "-pubout"] + (password.map { ["-passin", "pass:\($0)"] } ?? []))
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String { try tool(arguments, in: directory) }
}

/// A loopback HTTP/1.0 server on 127.0.0.1, port chosen by the kernel: serves fixed bodies by path, redirects
/// `/redirect/N/PATH` N times, and counts requests. Stopped by `stop()`.
final class LoopbackHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let listener: SilentListener
    private let lock = NSLock()
    private var bodies: [String: [UInt8]] = [:]
    private var served = 0

    init() throws {
        listener = try SilentListener(address: "127.0.0.1")
        port = listener.port
        Thread { [self] in serve() }.start()
    }

    var base: String { "http://127.0.0.1:\(port)" }
    var requests: Int { lock.lock(); defer { lock.unlock() }; return served }

    func set(_ path: String, _ body: [UInt8]) { lock.lock(); bodies[path] = body; lock.unlock() }

    /// Ends the accept loop (the listener closes with the server object).
    func stop() { shutdown(listener.fd, Int32(SHUT_RDWR)) }

    private func serve() {
        while true {
            let client = accept(listener.fd, nil, nil)
            if client < 0 { return }
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
                let count = recv(client, &buffer, buffer.count, 0)
                if count <= 0 { break }
                request += buffer[..<count]
            }
            let line = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
            let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            lock.lock(); served += 1; let body = bodies[path]; lock.unlock()
            let response: [UInt8]
            if path.hasPrefix("/redirect/"), let count = Int(path.split(separator: "/")[1]) {
                let rest = path.split(separator: "/").dropFirst(2).joined(separator: "/")
                let next = count > 1 ? "/redirect/\(count - 1)/\(rest)" : "/\(rest)"
                response = Array("HTTP/1.0 302 Found\r\nLocation: \(next)\r\nContent-Length: 0\r\n\r\n".utf8)
            } else if let body {
                response = Array("HTTP/1.0 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
            } else {
                response = Array("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)
            }
            _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }
}

/// `openssl s_server` on 127.0.0.1 (a port the kernel just handed out) serving `certificate` (and `chain`), stopped by `stop()`.
final class OpenSSLServer {
    let port: UInt16
    private let process = Process()

    init(certificate: String, key: String, chain: String? = nil, in directory: String, options: [String] = []) throws {
        port = try SilentListener(address: "127.0.0.1").port
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www", "-quiet"]
            + (chain.map { ["-cert_chain", $0] } ?? []) + options
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where !TestEnvironment.accepts("127.0.0.1", port: port) { usleep(20_000) }
    }

    /// SIGKILL: the test runner's children inherit an ignored SIGTERM, which s_server then never sees.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
