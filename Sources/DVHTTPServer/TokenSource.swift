import Glibc
import DVBasics
import NIOConcurrencyHelpers
import DVToken
import FoundationEssentials

/// Something the server can answer from: a canonical URL path in, the exact bytes to send out.
///
/// Lookups run on the event loops, concurrently: implementations must be thread-safe and quick.
public protocol TokenSource: Sendable {
    /// The body for a canonical path (see `RequestPath.canonical`) requested with this Host header
    /// (port and trailing dot removed, lowercase; nil when absent), nil when this source has nothing there.
    func body(for path: String, host: String?) -> [UInt8]?
    /// The paths this source serves right now (for `--until-fetched` and the startup summary).
    func currentPaths() -> [String]
}

/// Tokens fixed at startup: `--token PATH=CONTENT` and `--file NAME=LOCALFILE`.
public struct FixedTokens: TokenSource {
    public let tokens: [String: [UInt8]]

    public init(_ tokens: [String: [UInt8]]) { self.tokens = tokens }

    public func body(for path: String, host: String?) -> [UInt8]? { tokens[path] }
    public func currentPaths() -> [String] { tokens.keys.sorted() }
}

/// Files below `DIR/.well-known/acme-challenge/` and `DIR/.well-known/pki-validation/`, read on
/// every request so files that certbot or lego write (and delete) are seen at once.
///
/// A file is served only when its real path (symlinks resolved) is still inside the webroot, it is a
/// regular file and at most `maximumFileSize` bytes.
public struct WebrootSource: TokenSource {
    public let root: String
    public let realRoot: String
    public static let maximumFileSize = 64 * 1024

    /// Fails when DIR does not exist or is not a directory.
    public init(root: String) throws(TokenSourceError) {
        self.root = root
        guard let resolved = WebrootSource.realPath(root) else {
            throw .unreadable("webroot \(root) does not exist or cannot be read: \(errnoText())")
        }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .unreadable("webroot \(root) is not a directory")
        }
        realRoot = resolved
    }

    public func body(for path: String, host: String?) -> [UInt8]? {
        guard let (directory, _) = RequestPath.challengeFileName(path) else { return nil }
        // The challenge directory itself may be a symlink, but it must stay inside the webroot, and
        // the file must really be inside that directory.
        guard let realDirectory = WebrootSource.realPath(realRoot + "/" + directory),
              realDirectory.hasPrefix(realRoot + "/"),
              let resolved = WebrootSource.realPath(realRoot + path),
              resolved.hasPrefix(realDirectory + "/") else { return nil }
        return WebrootSource.readRegularFile(resolved, limit: WebrootSource.maximumFileSize)
    }

    public func currentPaths() -> [String] {
        var paths: [String] = []
        for directory in RequestPath.challengeDirectories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: realRoot + directory) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = directory + name
                if case .success(path) = RequestPath.canonical(path), body(for: path, host: nil) != nil { paths.append(path) }
            }
        }
        return paths
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The file's bytes when it is a regular file no larger than `limit`; never follows a final symlink.
    static func readRegularFile(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= limit else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            total += count
        }
        guard total <= limit else { return nil }
        return Array(bytes.prefix(total))
    }
}

/// The `dvtool token --save` store, re-read whenever the file changes on disk (checked at most every 200 ms).
///
/// Entries are matched on Host and path, as the store records them; a request without a Host or with an
/// IP-literal Host (a test with curl against an address) matches on the path alone.
public final class TokenStoreSource: TokenSource, Sendable {
    public let path: String
    private let loaded: NIOLockedValueBox<Loaded>
    private let checkInterval: UInt64 = 200_000_000

    struct Entry: Sendable {
        let host: String
        let path: String
        let body: [UInt8]
    }

    /// The tokens as last read, and the file they were read from.
    private struct Loaded: Sendable {
        var entries: [Entry] = []
        var signature: FileSignature?
        var lastCheck: UInt64 = 0
    }

    /// Loads once; a missing file is an empty store that may appear later, an unreadable one throws.
    public init(path: String) throws(TokenError) {
        self.path = path
        var initial = Loaded()
        if let current = FileSignature(path: path) {
            initial.entries = Self.entries(try TokenStore.load(path: path))
            initial.signature = current
        }
        initial.lastCheck = Self.now()
        loaded = NIOLockedValueBox(initial)
    }

    public func body(for path: String, host: String?) -> [UInt8]? {
        refreshIfNeeded()
        let entries = loaded.withLockedValue(\.entries)
        if let host, IPAddressText.isLiteral(host) == false {
            return entries.last { $0.path == path && $0.host == host }?.body
        }
        return entries.last { $0.path == path }?.body
    }

    public func currentPaths() -> [String] {
        refreshIfNeeded(force: true)
        var seen = Set<String>()
        return loaded.withLockedValue(\.entries).map(\.path).filter { seen.insert($0).inserted }.sorted()
    }

    static func entries(_ store: TokenStore) -> [Entry] {
        store.tokens.compactMap { token in
            guard token.method.isFile, let path = token.path, let body = token.body,
                  case .success(path) = RequestPath.canonical(path) else { return nil }
            return Entry(host: token.host.lowercased(), path: path, body: Array(body.utf8))
        }
    }

    private func refreshIfNeeded(force: Bool = false) {
        let now = Self.now()
        let known = loaded.withLockedValue { loaded -> FileSignature?? in
            if !force && now &- loaded.lastCheck < checkInterval { return .none }
            loaded.lastCheck = now
            return .some(loaded.signature)
        }
        guard case let .some(known) = known else { return }
        let current = FileSignature(path: path)
        guard current != known else { return }
        let entries: [Entry]
        if current == nil {
            entries = []
        } else {
            // The store is replaced atomically (rename), so a parse error means a broken file: keep the old tokens.
            guard let store = try? TokenStore.load(path: path) else { return }
            entries = Self.entries(store)
        }
        loaded.withLockedValue { loaded in
            loaded.entries = entries
            loaded.signature = current
        }
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    private struct FileSignature: Equatable, Sendable {
        let device: UInt64, inode: UInt64, size: Int64, modified: Int64, modifiedNanos: Int64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modified = Int64(info.st_mtimespec.tv_sec); modifiedNanos = Int64(info.st_mtimespec.tv_nsec)
            #else
            modified = Int64(info.st_mtim.tv_sec); modifiedNanos = Int64(info.st_mtim.tv_nsec)
            #endif
        }
    }
}

enum IPAddressText {
    static func isLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// Several sources asked in order; the first that has the path answers.
public struct CombinedSource: TokenSource {
    public let sources: [any TokenSource]

    public init(_ sources: [any TokenSource]) { self.sources = sources }

    public func body(for path: String, host: String?) -> [UInt8]? {
        for source in sources { if let body = source.body(for: path, host: host) { return body } }
        return nil
    }

    public func currentPaths() -> [String] {
        var seen = Set<String>()
        return sources.flatMap { $0.currentPaths() }.filter { seen.insert($0).inserted }
    }
}

public enum TokenSourceError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case invalid(String)

    public var description: String {
        switch self {
        case let .unreadable(message), let .invalid(message): message
        }
    }
}
