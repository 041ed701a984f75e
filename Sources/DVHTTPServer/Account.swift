import Glibc

/// A local account for `serve --user`: the server binds port 80 as root, then becomes this user.
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

    /// Supplementary groups, then group, then user; verifies that root cannot be regained.
    public func become() throws(SwitchError) {
        guard initgroups(name, gid) == 0 || setgroups(1, [gid]) == 0,
              setgid(gid) == 0, setuid(uid) == 0 else {
            throw SwitchError(isUnknownUser: false, description: "cannot switch to user \(name): \(String(cString: strerror(errno)))")
        }
        if uid != 0 && setuid(0) == 0 {
            throw SwitchError(isUnknownUser: false, description: "dropping privileges to \(name) failed: root could be regained")
        }
    }
}
