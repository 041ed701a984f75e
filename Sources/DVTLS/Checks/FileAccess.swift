import Glibc

/// Who can read a file: mode, owner, group, and whether a given user gets through every directory on the way.
public struct FileAccess: Sendable, Codable, Equatable {
    public var path: String
    /// Permission bits, e.g. 0o600.
    public var mode: UInt32
    public var owner: String
    public var group: String

    public var modeText: String { String(mode, radix: 8).leftPadded(to: 3) }
    public var worldReadable: Bool { mode & 0o004 != 0 }
    public var groupReadable: Bool { mode & 0o040 != 0 }

    /// "owner root (rw), group ssl-cert (r), others (none)".
    public var readers: String {
        func bits(_ shift: UInt32) -> String {
            let b = (mode >> shift) & 7
            let text = (b & 4 != 0 ? "r" : "") + (b & 2 != 0 ? "w" : "")
            return text.isEmpty ? "none" : text
        }
        return "owner \(owner) (\(bits(6))), group \(group) (\(bits(3))), others (\(bits(0)))"
    }

    public static func inspect(_ path: String) -> FileAccess? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileAccess(path: path, mode: UInt32(info.st_mode) & 0o7777,
                          owner: userName(info.st_uid), group: groupName(info.st_gid))
    }

    /// A local account.
    public struct User: Sendable {
        public var name: String
        public var uid: UInt32
        public var groups: [UInt32]

        public static func named(_ name: String) -> User? {
            guard let entry = getpwnam(name) else { return nil }
            let uid = entry.pointee.pw_uid, gid = entry.pointee.pw_gid
            var count: Int32 = 64
            var groups = [gid_t](repeating: 0, count: 64)
            if getgrouplist(name, gid, &groups, &count) < 0 {
                groups = [gid_t](repeating: 0, count: Int(count))
                _ = getgrouplist(name, gid, &groups, &count)
            }
            return User(name: name, uid: uid, groups: Array(groups.prefix(Int(max(count, 0)))) + [gid])
        }
    }

    /// nil when `user` can read `path`; otherwise the first obstacle ("directory /etc/ssl/private is mode 700 ...").
    public static func obstacle(for user: User, reading path: String) -> String? {
        if user.uid == 0 { return nil }
        var absolute = path
        if !absolute.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
            if getcwd(&buffer, buffer.count) != nil {
                absolute = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
            }
        }
        var components = absolute.split(separator: "/").map(String.init)
        let file = components.removeLast()
        var directory = ""
        for component in components {
            directory += "/" + component
            guard let check = allowed(user, directory, want: 1) else { continue }
            return "directory \(directory) (\(check)) does not let \(user.name) through"
        }
        if let check = allowed(user, directory + "/" + file, want: 4) {
            return "\(user.name) cannot read \(path) (\(check))"
        }
        return nil
    }

    /// nil when allowed, else a description of the permissions.
    private static func allowed(_ user: User, _ path: String, want: UInt32) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = UInt32(info.st_mode) & 0o777
        let bits: UInt32
        if info.st_uid == user.uid { bits = (mode >> 6) & 7 }
        else if user.groups.contains(info.st_gid) { bits = (mode >> 3) & 7 }
        else { bits = mode & 7 }
        if bits & want != 0 { return nil }
        return "mode \(String(mode, radix: 8).leftPadded(to: 3)), owner \(userName(info.st_uid)), group \(groupName(info.st_gid))"
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return String(uid) }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return String(gid) }
        return String(cString: name)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
