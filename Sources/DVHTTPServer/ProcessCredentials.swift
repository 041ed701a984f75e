import CThreadCredentials
import DVBasics
import Glibc

/// The credentials of every thread of this process, as the kernel keeps them (per thread on Linux).
///
/// glibc's setuid/setgid/setgroups change every thread except one that is exiting, and libdispatch's
/// dispatch_main() (which runs Swift's async main) parks the main thread inside pthread_exit for the life of
/// the process: after the glibc calls that thread is still root. Such a thread is sent a signal whose handler
/// makes the same changes with raw system calls on that thread.
enum ProcessCredentials {
    struct Thread: Equatable {
        struct Credentials: Equatable, CustomStringConvertible {
            var uid: uid_t
            var gid: gid_t
            var groups: [gid_t]

            var description: String { "uid \(uid), gid \(gid), groups \(groups.map(String.init).joined(separator: ","))" }
        }

        let id: pid_t
        /// Nil when any of real, effective, saved and filesystem ids differ (a half-done switch).
        let credentials: Credentials?
    }

    struct DropError: Error, CustomStringConvertible {
        let description: String
    }

    private static var dropSignal: Int32 { dv_thread_drop_signal() }

    static func currentGroups() -> [gid_t] {
        let count = getgroups(0, nil)
        guard count > 0 else { return [] }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return Array(groups.prefix(max(0, Int(filled)))).sorted()
    }

    /// Makes every thread hold `wanted`, or throws saying which thread does not.
    static func bringEveryThread(to wanted: Thread.Credentials) throws(DropError) {
        var stragglers = try threads().filter { $0.credentials != wanted }
        guard !stragglers.isEmpty else { return }
        let prepared = wanted.groups.withUnsafeBufferPointer { groups in
            dv_prepare_thread_drop(dropSignal, wanted.uid, wanted.gid, groups.baseAddress, Int32(groups.count))
        }
        guard prepared == 0 else { throw DropError(description: "cannot prepare the per-thread switch (\(wanted.groups.count) groups)") }
        for thread in stragglers { _ = dv_signal_thread(thread.id, dropSignal) }
        // The handlers run as soon as each thread is scheduled; a second is generous.
        let deadline = ContinuousClock.now + .seconds(1)
        while !stragglers.isEmpty && ContinuousClock.now < deadline {
            usleep(2_000)
            stragglers = try threads().filter { $0.credentials != wanted }
        }
        if let thread = stragglers.first {
            throw DropError(description: "thread \(thread.id) still has \(thread.credentials?.description ?? "mixed ids")")
        }
    }

    /// Every thread of this process with its credentials, from /proc/self/task/*/status.
    static func threads() throws(DropError) -> [Thread] {
        guard let directory = opendir("/proc/self/task") else {
            throw DropError(description: "cannot list /proc/self/task: \(errnoText())")
        }
        defer { closedir(directory) }
        var result: [Thread] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let id = pid_t(name) else { continue }
            // A thread that ended since the listing has no status left to check.
            guard let status = try? FileBytes.read("/proc/self/task/\(name)/status") else { continue }
            result.append(Thread(id: id, credentials: credentials(inStatus: String(decoding: status, as: UTF8.self))))
        }
        return result
    }

    /// The `Uid:`, `Gid:` and `Groups:` lines of a /proc status file.
    static func credentials(inStatus text: String) -> Thread.Credentials? {
        var fields: [String: [UInt32]] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            guard ["Uid", "Gid", "Groups"].contains(key) else { continue }
            fields[key] = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt32($0) }
        }
        guard let uids = fields["Uid"], let gids = fields["Gid"], uids.count == 4, gids.count == 4,
              Set(uids).count == 1, Set(gids).count == 1 else { return nil }
        return Thread.Credentials(uid: uids[0], gid: gids[0], groups: (fields["Groups"] ?? []).sorted())
    }
}
