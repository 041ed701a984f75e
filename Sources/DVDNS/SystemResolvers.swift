#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The recursive resolvers a check compares when none are given: this machine's, then the public ones.
public enum SystemResolvers {
    /// /etc/resolv.conf's resolvers, then (unless `includingPublic` is false) `ServerAddress.publicResolvers`, each once.
    public static func withPublic(_ includingPublic: Bool) -> [ServerAddress] {
        var chosen = fromResolvConf()
        if includingPublic { chosen += ServerAddress.publicResolvers }
        var seen = Set<ServerAddress>()
        return chosen.filter { seen.insert($0).inserted }
    }

    /// `nameserver` lines of /etc/resolv.conf; empty when it is missing.
    static func fromResolvConf(path: String = "/etc/resolv.conf") -> [ServerAddress] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 2, fields[0] == "nameserver" else { return nil }
            // A zone index (fe80::1%eth0) cannot be used from here; such entries are skipped.
            return ServerAddress(parsing: String(fields[1]))
        }
    }
}
