import DVBasics
import DVCrypto
import DVToken
import FoundationEssentials
import Glibc

/// The records of one order (certbot: keyed by CERTBOT_ALL_DOMAINS; acme.sh: by the record name) kept between
/// the client's hook calls, so the gate can check all of them once the last one is published.
public struct HookState: Sendable {
    public let path: String

    /// `DVTOOL_STATE_DIR`, else `$XDG_RUNTIME_DIR/dvtool-hooks`, else `/tmp/dvtool-hooks-<uid>`.
    public static func directory(environment: [String: String]) -> String {
        if let explicit = environment["DVTOOL_STATE_DIR"], !explicit.isEmpty { return explicit }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { return runtime + "/dvtool-hooks" }
        return "/tmp/dvtool-hooks-\(getuid())"
    }

    /// The state file of `key` (hashed: keys are domain lists of any length).
    public init(directory: String, client: String, key: String) throws(HookError) {
        let digest: [UInt8]
        do { digest = try Digest.sha256(Array(key.utf8)) } catch { throw HookError(.environment, error.description) }
        path = directory + "/" + client + "-" + Hex.encode(digest.prefix(16)) + ".json"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw HookError(.environment, "cannot create the hook state directory \(directory): \(error); set DVTOOL_STATE_DIR")
        }
    }

    /// The records kept so far; a file that cannot be read back is an error, never an empty order.
    public func load() throws(HookError) -> [ChallengeRecord] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch {
            if error.fileIsMissing { return [] }
            throw HookError(.environment, "cannot read the hook state \(path): \(error.description)")
        }
        do { return try JSONDecoder().decode([ChallengeRecord].self, from: Data(bytes)) } catch {
            throw HookError(.environment, "the hook state \(path) is damaged; remove it and run the client again")
        }
    }

    /// Adds `records` (once each) and returns the whole set.
    @discardableResult
    public func add(_ records: [ChallengeRecord]) throws(HookError) -> [ChallengeRecord] {
        var all = try load()
        for record in records where !all.contains(record) { all.append(record) }
        try save(all)
        return all
    }

    /// Removes `records`; the file goes when nothing is left.
    public func remove(_ records: [ChallengeRecord]) throws(HookError) {
        let left = try load().filter { !records.contains($0) }
        if left.isEmpty { try? FileManager.default.removeItem(atPath: path); return }
        try save(left)
    }

    public func clear() { try? FileManager.default.removeItem(atPath: path) }

    private func save(_ records: [ChallengeRecord]) throws(HookError) {
        let bytes: [UInt8]
        do { bytes = Array(try JSONEncoder().encode(records)) } catch { throw HookError(.environment, "\(error)") }
        do { try AtomicFile.write(bytes, to: path, mode: 0o600, overwrite: true) } catch {
            throw HookError(.environment, "cannot write the hook state \(path): \(error.description)")
        }
    }
}
