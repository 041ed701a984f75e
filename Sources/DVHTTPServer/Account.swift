import DVBasics
import Glibc

/// A local account for `serve --user`: the server binds port 80 as root, then the whole process becomes this user.
public struct Account: Sendable {
    public struct SwitchError: Error, Sendable, CustomStringConvertible {
        /// The account does not exist (bad input) rather than the switch failing.
        public let isUnknownUser: Bool
        public let description: String
    }

    public let name: String
    let uid: uid_t
    let gid: gid_t

    public init(name: String) throws(SwitchError) {
        guard let entry = getpwnam(name) else { throw SwitchError(isUnknownUser: true, description: "--user \(name): no such user") }
        self.name = name
        uid = entry.pointee.pw_uid
        gid = entry.pointee.pw_gid
    }

    /// Whether this process may switch users at all (it runs as root).
    public static var canSwitch: Bool { geteuid() == 0 }

    /// Supplementary groups, then group, then user, on every thread of the process; then verifies each thread's
    /// credentials (from /proc) and that root cannot be regained.
    public func become() throws(SwitchError) {
        guard initgroups(name, gid) == 0 || setgroups(1, [gid]) == 0,
              setgid(gid) == 0, setuid(uid) == 0 else {
            throw failure("cannot switch to user \(name): \(errnoText())")
        }
        let groups = ProcessCredentials.currentGroups()
        let wanted = ProcessCredentials.Thread.Credentials(uid: uid, gid: gid, groups: groups)
        do { try ProcessCredentials.bringEveryThread(to: wanted) } catch { throw failure("dropping privileges to \(name) failed: \(error)") }
        if uid != 0 && setuid(0) == 0 {
            throw failure("dropping privileges to \(name) failed: root could be regained")
        }
    }

    private func failure(_ description: String) -> SwitchError { SwitchError(isUnknownUser: false, description: description) }
}
