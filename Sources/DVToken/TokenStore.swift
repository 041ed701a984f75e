// TokenStore: the JSON file of generated values that `dvtool token --save` writes and `dvtool serve` reads.
import FoundationEssentials
import DVBasics
import Glibc

/// The token store: a versioned JSON document.
///
/// ```json
/// {"format": "dvtool-token-store", "version": 1, "tokens": [
///   {"domain": "example.com", "method": "http-file", "ca": "digicert", "value": "…",
///    "path": "/.well-known/pki-validation/fileauth.txt", "body": "…", "created": "2025-01-31T12:00:00Z"}]}
/// ```
/// Writes go through `AtomicFile` (temp file, fsync, rename), so readers never see half a file; `update`
/// also holds an exclusive `flock` on the store's directory so two `dvtool token --save` runs do not lose
/// each other's entries.
public struct TokenStore: Sendable, Equatable {
    public static let format = "dvtool-token-store"
    public static let currentVersion = 1

    public var tokens: [StoredToken]

    public init(tokens: [StoredToken] = []) {
        self.tokens = tokens
    }

    /// `$DVTOOL_TOKEN_STORE`, else `$XDG_DATA_HOME/dvtool/tokens.json`, else `~/.local/share/dvtool/tokens.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["DVTOOL_TOKEN_STORE"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/dvtool/tokens.json" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeDirectory()
        return home + "/.local/share/dvtool/tokens.json"
    }

    /// Reads a store.
    /// - Throws: `TokenError.Code.storeMissing` if there is no file, `.storeUnreadable` if it is not a store
    ///   of a version this dvtool knows.
    public static func load(path: String) throws(TokenError) -> TokenStore {
        let data: Data
        do {
            data = Data(try FileBytes.read(path))
        } catch {
            if error.fileIsMissing {
                throw TokenError(.storeMissing, "no token store at \(path); create one with `dvtool token … --save`")
            }
            throw TokenError(.storeUnreadable, "cannot read the token store \(path): \(error)")
        }
        return try decode(data, path: path)
    }

    /// Like `load(path:)`, but an absent file is an empty store.
    public static func loadIfPresent(path: String) throws(TokenError) -> TokenStore {
        do {
            return try load(path: path)
        } catch where error.code == .storeMissing {
            return TokenStore()
        }
    }

    static func decode(_ data: Data, path: String) throws(TokenError) -> TokenStore {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw TokenError(.storeUnreadable, "\(path) is not a dvtool token store (\(Self.explain(error)))")
        }
        guard header.format == nil || header.format == format else {
            throw TokenError(.storeUnreadable, "\(path) is a \"\(header.format ?? "")\" file, not a dvtool token store")
        }
        guard header.version <= currentVersion, header.version >= 1 else {
            throw TokenError(.storeUnreadable, "\(path) has store version \(header.version); this dvtool reads version \(currentVersion) (upgrade dvtool)")
        }
        do {
            return TokenStore(tokens: try decoder.decode(Document.self, from: data).tokens)
        } catch {
            throw TokenError(.storeUnreadable, "\(path) is damaged: \(Self.explain(error))")
        }
    }

    /// The JSON text: pretty, keys sorted, dates in ISO 8601 UTC, trailing newline.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain strings, dates and enums cannot fail.
        var data = (try? encoder.encode(Document(format: Self.format, version: Self.currentVersion, tokens: tokens))) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Writes the store atomically (mode 0600; directories created with 0700).
    public func save(path: String) throws(TokenError) {
        try AtomicFile.write(Array(encoded()), to: path, mode: 0o600, overwrite: true, directoryMode: 0o700)
    }

    /// Adds `token`, or replaces the entry for the same domain, method and record/path when `replace` is set.
    /// - Returns: the entry that was replaced, if any.
    /// - Throws: `TokenError.Code.exists` when such an entry exists with a different value and `replace` is off.
    @discardableResult
    public mutating func insert(_ token: StoredToken, replace: Bool) throws(TokenError) -> StoredToken? {
        guard let index = tokens.firstIndex(where: { $0.slot == token.slot }) else {
            tokens.append(token)
            return nil
        }
        let old = tokens[index]
        if old.value == token.value && old.body == token.body { return nil }   // same value: keep its age
        guard replace else {
            let place = token.path ?? token.record ?? token.domain
            throw TokenError(.exists, "the store already has a \(token.method.rawValue) value for \(token.domain) at \(place), made \(Self.day(old.created)); add --force to replace it")
        }
        tokens[index] = token
        return old
    }

    /// Removes every entry for `domain` (ASCII, as stored). - Returns: how many were removed.
    @discardableResult
    public mutating func remove(domain: String) -> Int {
        let before = tokens.count
        tokens.removeAll { $0.domain == domain.lowercased() }
        return before - tokens.count
    }

    /// The file-method entry to serve for a request: host (no port, any case) and URL path.
    public func file(host: String, path: String) -> StoredToken? {
        let host = host.lowercased().withoutTrailingDot
        return tokens.last { $0.method.isFile && $0.host == host && $0.path == path }
    }

    /// Loads (absent = empty), lets `change` edit, and saves, all under an exclusive lock on the store's
    /// directory. Nothing is written when `change` throws.
    public static func update(path: String, _ change: (inout TokenStore) throws(TokenError) -> Void) throws(TokenError) {
        let directory = FilePath.parent(of: path)
        try AtomicFile.createDirectories(directory, mode: 0o700)
        try FileLock.exclusive(directory, failure: { TokenError(.writeFailed, $0) }) { () throws(TokenError) in
            var store = try loadIfPresent(path: path)
            try change(&store)
            try store.save(path: path)
        }
    }

    private struct Header: Decodable {
        let format: String?
        let version: Int
    }

    private struct Document: Codable {
        var format: String = TokenStore.format
        var version: Int = TokenStore.currentVersion
        var tokens: [StoredToken]
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func where_(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case let .keyNotFound(key, context): return "missing \"\(key.stringValue)\"\(where_(context.codingPath))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "\(context.debugDescription)\(where_(context.codingPath))"
        case let .dataCorrupted(context):
            return (context.underlyingError.map { _ in "not valid JSON" } ?? context.debugDescription) + where_(context.codingPath)
        @unknown default: return "\(error)"
        }
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}

/// The user's home directory from the password database, for when $HOME is unset.
private func homeDirectory() -> String {
    guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return "/" }
    return String(cString: directory)
}
