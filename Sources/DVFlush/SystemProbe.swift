import FoundationEssentials
import DVBasics
import Glibc

/// Everything detection reads from a machine, as a read-only file system view plus two facts that are
/// not files. `LiveProbe` reads this machine; `FixtureProbe` reads a directory tree laid out like one
/// (`etc/resolv.conf`, `proc/1234/cmdline`, `proc/net/udp`, …) so detection is testable for systems
/// that cannot run here.
public protocol SystemProbe: Sendable {
    /// `uname -s`: "Linux", "Darwin", "Windows_NT".
    func kernelName() -> String
    /// True when the effective user is root (Unix) or elevated (Windows).
    func isPrivileged() -> Bool
    /// The contents of a file as UTF-8 (lossy), nil when missing or unreadable. Follows symlinks.
    func readFile(_ path: String) -> String?
    /// Where a symlink points (as written), nil when `path` is not a symlink.
    func symlinkDestination(_ path: String) -> String?
    /// The names in a directory (not paths), empty when missing.
    func directoryEntries(_ path: String) -> [String]
    func fileExists(_ path: String) -> Bool
}

/// One process from `/proc/PID/cmdline`.
public struct RunningProcess: Sendable, Equatable, Codable {
    public let pid: Int
    public let arguments: [String]

    /// The program name: the last path component of argv[0].
    public var name: String {
        guard let first = arguments.first else { return "" }
        return String(first.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(first))
    }

    /// The value of an option given as `-c VALUE`, `-cVALUE`, `--long=VALUE` or `--long VALUE`.
    public func value(short: Character? = nil, long: String? = nil) -> String? {
        values(short: short, long: long).last
    }

    /// Every value of a repeatable option.
    public func values(short: Character? = nil, long: String? = nil) -> [String] {
        var found: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if let long {
                if argument == "--\(long)", index + 1 < arguments.count {
                    found.append(arguments[index + 1]); index += 2; continue
                }
                if argument.hasPrefix("--\(long)=") {
                    found.append(String(argument.dropFirst(long.count + 3))); index += 1; continue
                }
            }
            if let short, argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.dropFirst().first == short {
                let rest = argument.dropFirst(2)
                if rest.isEmpty {
                    if index + 1 < arguments.count { found.append(arguments[index + 1]); index += 2; continue }
                } else {
                    found.append(String(rest.hasPrefix("=") ? rest.dropFirst() : rest))
                }
            }
            index += 1
        }
        return found
    }

    public var commandLine: String { arguments.map(ShellQuote.quote).joined(separator: " ") }
}

/// One bound UDP socket from `/proc/net/udp` or `/proc/net/udp6`.
public struct UDPSocket: Sendable, Equatable, Codable {
    public let address: String
    public let port: Int
    public let inode: Int

    public var isLoopback: Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}

extension SystemProbe {
    /// Every process with a non-empty command line (kernel threads have none).
    public func processes() -> [RunningProcess] {
        directoryEntries("/proc").compactMap { entry -> RunningProcess? in
            guard let pid = Int(entry), let raw = readFile("/proc/\(entry)/cmdline") else { return nil }
            let arguments = ProcParsing.commandLine(raw)
            return arguments.isEmpty ? nil : RunningProcess(pid: pid, arguments: arguments)
        }.sorted { $0.pid < $1.pid }
    }

    /// Bound UDP sockets (IPv4 and IPv6).
    public func udpSockets() -> [UDPSocket] {
        ProcParsing.udpTable(readFile("/proc/net/udp") ?? "", ipv6: false)
            + ProcParsing.udpTable(readFile("/proc/net/udp6") ?? "", ipv6: true)
    }

    /// The socket inodes a process holds open (`/proc/PID/fd/N -> socket:[INODE]`).
    public func socketInodes(pid: Int) -> Set<Int> {
        var inodes = Set<Int>()
        for entry in directoryEntries("/proc/\(pid)/fd") {
            guard let target = symlinkDestination("/proc/\(pid)/fd/\(entry)"),
                  target.hasPrefix("socket:["), target.hasSuffix("]"),
                  let inode = Int(target.dropFirst(8).dropLast()) else { continue }
            inodes.insert(inode)
        }
        return inodes
    }
}

/// Parsers for the `/proc` formats, public so tests can feed them text.
public enum ProcParsing {
    /// argv from `/proc/PID/cmdline` (NUL-separated). Fixture files may use one argument per line instead.
    public static func commandLine(_ raw: String) -> [String] {
        let separator: Character = raw.contains("\0") ? "\0" : "\n"
        var parts = raw.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        while parts.last == "" { parts.removeLast() }
        return parts
    }

    /// Rows of `/proc/net/udp{,6}`: `sl local_address rem_address st … uid timeout inode`.
    public static func udpTable(_ text: String, ipv6: Bool) -> [UDPSocket] {
        text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line -> UDPSocket? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10 else { return nil }
            let local = fields[1].split(separator: ":")
            guard local.count == 2, let port = Int(local[1], radix: 16), let inode = Int(fields[9]),
                  let address = ipv6 ? ipv6Address(local[0]) : ipv4Address(local[0]) else { return nil }
            return UDPSocket(address: address, port: port, inode: inode)
        }
    }

    /// `0100007F` → `127.0.0.1` (the kernel prints the address as a host-order 32-bit word, i.e. little-endian).
    static func ipv4Address(_ hex: Substring) -> String? {
        guard hex.count == 8, let word = UInt32(hex, radix: 16) else { return nil }
        return (0..<4).map { String((word >> (8 * $0)) & 0xFF) }.joined(separator: ".")
    }

    /// Four little-endian 32-bit words → an IPv6 address in compressed form (IPv4-mapped shown as `::ffff:a.b.c.d`).
    static func ipv6Address(_ hex: Substring) -> String? {
        guard hex.count == 32 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        for _ in 0..<4 {
            let end = hex.index(index, offsetBy: 8)
            guard let word = UInt32(hex[index..<end], radix: 16) else { return nil }
            for shift in 0..<4 { bytes.append(UInt8((word >> (8 * shift)) & 0xFF)) }
            index = end
        }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return "::ffff:" + bytes[12..<16].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 16, by: 2).map { (UInt16(bytes[$0]) << 8) | UInt16(bytes[$0 + 1]) }
        // Longest run of zero groups (length ≥ 2) becomes "::".
        var best = (start: -1, length: 0), run = (start: -1, length: 0)
        for (position, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (position, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else { run = (-1, 0) }
        }
        let text = groups.map { String($0, radix: 16) }
        if best.length < 2 { return text.joined(separator: ":") }
        let head = text[..<best.start].joined(separator: ":")
        let tail = text[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}

/// Reads this machine.
public struct LiveProbe: SystemProbe {
    public init() {}

    public func kernelName() -> String {
        #if os(Windows)
        return "Windows_NT"
        #else
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        let sysname = name.sysname
        return withUnsafeBytes(of: sysname) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        #endif
    }

    public func isPrivileged() -> Bool {
        #if os(Windows)
        return false
        #else
        return geteuid() == 0
        #endif
    }

    public func readFile(_ path: String) -> String? {
        // /proc files report size 0: read until EOF rather than trusting the size.
        guard let bytes = try? FileBytes.read(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func symlinkDestination(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    public func directoryEntries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    public func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

/// Reads a directory tree that stands in for a machine's root. Absolute symlinks inside it are resolved
/// inside the tree, so `etc/resolv.conf -> /run/systemd/resolve/stub-resolv.conf` works as on the real system.
/// Extra files: `uname` (kernel name, default "Linux") and `privileged` (present: the user is root).
public struct FixtureProbe: SystemProbe {
    public let root: URL

    public init(root: URL) { self.root = root }

    private func local(_ path: String) -> String {
        root.path + (path.hasPrefix("/") ? path : "/" + path)
    }

    public func kernelName() -> String {
        readFile("/uname")?.trimmingWhitespace(includingNewlines: true) ?? "Linux"
    }

    public func isPrivileged() -> Bool { fileExists("/privileged") }

    public func readFile(_ path: String) -> String? {
        var current = path
        for _ in 0..<8 {
            if let target = symlinkDestination(current) {
                current = target.hasPrefix("/") ? target
                    : FilePath.parent(of: current) + "/" + target
                continue
            }
            guard let data = FileManager.default.contents(atPath: local(current)) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        return nil
    }

    public func symlinkDestination(_ path: String) -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: local(path)) { return target }
        // `proc/PID/fd/N` may be a plain file holding the link text ("socket:[4242]"): a dangling symlink
        // in the source tree would make SwiftPM warn on every build.
        let parts = path.split(separator: "/")
        if parts.count == 4, parts[0] == "proc", parts[2] == "fd", let data = FileManager.default.contents(atPath: local(path)) {
            return String(decoding: data, as: UTF8.self).trimmingWhitespace(includingNewlines: true)
        }
        return nil
    }

    public func directoryEntries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: local(path))) ?? []
    }

    public func fileExists(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: local(path))) != nil || FileManager.default.fileExists(atPath: local(path))
    }
}

/// POSIX shell quoting for display: commands are run as argv arrays, never through a shell.
public enum ShellQuote {
    public static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,")
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }

    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
