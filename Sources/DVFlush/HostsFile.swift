import FoundationEssentials
import DVBasics

/// An `/etc/hosts` line that names the domain: it wins over DNS when `files` comes first in nsswitch.conf.
public struct HostsEntry: Codable, Sendable, Equatable {
    public var line: Int
    public var address: String
    public var names: [String]
    public var text: String
}

public struct HostsCheck: Codable, Sendable, Equatable {
    public var path: String
    /// False for `--os` guidance: the file is on the other machine, dvtool did not read it.
    public var checked: Bool
    public var readable: Bool
    public var domain: String
    public var entries: [HostsEntry]
    /// Whether lookups consult this file before DNS (nsswitch `files` before `dns`/`resolve`); nil when unknown.
    public var consultedFirst: Bool?
}

public enum HostsFile {
    public static func path(for os: TargetOS) -> String {
        os == .windows ? "C:\\Windows\\System32\\drivers\\etc\\hosts" : "/etc/hosts"
    }

    /// The path a probe reads for `os` (fixtures keep the Windows file at Windows/System32/drivers/etc/hosts).
    static func probePath(for os: TargetOS) -> String {
        os == .windows ? "/Windows/System32/drivers/etc/hosts" : "/etc/hosts"
    }

    /// Finds every line that maps `domain` (case-insensitive, trailing dot ignored).
    public static func entries(in text: String, domain: String) -> [HostsEntry] {
        let wanted = normalize(domain)
        var found: [HostsEntry] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard words.count >= 2 else { continue }
            let names = Array(words.dropFirst())
            if names.contains(where: { normalize($0) == wanted }) {
                found.append(HostsEntry(line: index + 1, address: words[0], names: names,
                                        text: raw.trimmingWhitespace(includingNewlines: true)))
            }
        }
        return found
    }

    public static func check(probe: any SystemProbe, os: TargetOS, domain: String, nsswitchHosts: [String]) -> HostsCheck {
        let text = probe.readFile(probePath(for: os))
        var first: Bool?
        if os == .linux, !nsswitchHosts.isEmpty {
            let files = nsswitchHosts.firstIndex(of: "files")
            let dns = nsswitchHosts.firstIndex { $0 == "dns" || $0 == "resolve" }
            first = files.map { files in dns.map { files < $0 } ?? true } ?? false
        } else if os != .linux {
            first = true
        }
        return HostsCheck(path: path(for: os), checked: true, readable: text != nil, domain: domain,
                          entries: text.map { entries(in: $0, domain: domain) } ?? [], consultedFirst: first)
    }

    static func normalize(_ name: String) -> String {
        var lowered = name.lowercased()
        while lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }
}
