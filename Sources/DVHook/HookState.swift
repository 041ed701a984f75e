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
        do { digest = try Digest.sha256(Array(key.utf8)) } catch { throw HookError(.couldNotRun, error.description) }
        path = directory + "/" + client + "-" + Hex.encode(digest.prefix(16)) + ".json"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw HookError(.couldNotRun, "cannot create the hook state directory \(directory): \(error); set DVTOOL_STATE_DIR")
        }
    }

    /// How long a kept record counts: an ACME order is long gone after a week, so its records are dropped rather
    /// than gated again (or excused as already checked) by a later run of the same order.
    public static let lifetime: TimeInterval = 7 * 86_400

    /// A record and when it was kept.
    struct Kept: Codable {
        var record: ChallengeRecord
        var added: Date
    }

    /// The records kept so far and still current; a file that cannot be read back is an error, never an empty order.
    public func load(now: Date = Date()) throws(HookError) -> [ChallengeRecord] {
        try kept(now: now).map(\.record)
    }

    /// Adds `records` (once each) and returns the whole set.
    @discardableResult
    public func add(_ records: [ChallengeRecord], now: Date = Date()) throws(HookError) -> [ChallengeRecord] {
        try locked { () throws(HookError) in
            var all = try kept(now: now)
            for record in records where !all.contains(where: { $0.record == record }) { all.append(Kept(record: record, added: now)) }
            try save(all)
            return all.map(\.record)
        }
    }

    /// Removes `records`; the file goes when nothing is left.
    public func remove(_ records: [ChallengeRecord]) throws(HookError) {
        try locked { () throws(HookError) in
            let left = try kept(now: Date()).filter { !records.contains($0.record) }
            if left.isEmpty { try? FileManager.default.removeItem(atPath: path); return }
            try save(left)
        }
    }

    private func kept(now: Date) throws(HookError) -> [Kept] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch {
            if error.fileIsMissing { return [] }
            throw HookError(.couldNotRun, "cannot read the hook state \(path): \(error.description)")
        }
        do {
            return try JSONDecoder().decode([Kept].self, from: Data(bytes)).filter { now.timeIntervalSince($0.added) < Self.lifetime }
        } catch {
            throw HookError(.couldNotRun, "the hook state \(path) is damaged; remove it and run the client again")
        }
    }

    /// Read-modify-write under an exclusive lock: two runs of the same order (a timer's renewal and a manual one)
    /// must not drop each other's records.
    private func locked<T>(_ body: () throws(HookError) -> T) throws(HookError) -> T {
        try FileLock.exclusive(path + ".lock", createMode: 0o600, failure: { reason in
            HookError(.couldNotRun, "cannot lock the hook state \(path) (\(reason)); set DVTOOL_STATE_DIR to a directory of your own")
        }, body)
    }

    private func save(_ records: [Kept]) throws(HookError) {
        let bytes: [UInt8]
        do { bytes = Array(try JSONEncoder().encode(records)) } catch { throw HookError(.couldNotRun, "\(error)") }
        do { try AtomicFile.write(bytes, to: path, mode: 0o600, overwrite: true) } catch {
            throw HookError(.couldNotRun, "cannot write the hook state \(path): \(error.description)")
        }
    }
}
