import DVBasics
import Glibc

/// Stops the certbot that started this hook before it answers the CA. certbot ignores a manual auth hook's exit
/// code (certbot issue 7990) and would answer every challenge, spending the account's failed-validation limit;
/// SIGTERM makes it exit with the authorizations still pending (they expire unanswered).
public enum CertbotStop {
    /// Sends SIGTERM to the nearest ancestor whose command line runs certbot, after writing `report` to certbot's
    /// own stderr (certbot shows a hook's output only after the hook returns, which a stopped certbot never sees);
    /// returns what was done, in words.
    public static func terminateAncestor(report: String) -> String {
        var pid = getppid()
        for _ in 0..<8 where pid > 1 {
            // certbot itself (`/usr/bin/certbot`, or `python3 /usr/bin/certbot`), never the shell that runs the hook.
            let program = commandLine(of: pid).prefix(2).map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            if program.first == "certbot" || (program.first?.hasPrefix("python") == true && program.dropFirst().first == "certbot") {
                let stderr = open("/proc/\(pid)/fd/2", O_WRONLY | O_CLOEXEC)
                if stderr >= 0 {
                    _ = writeAll(Array((report + "\n").utf8), to: stderr)
                    close(stderr)
                }
                guard kill(pid, SIGTERM) == 0 else { return "could not stop certbot (pid \(pid)): \(errnoText())" }
                return "stopped certbot (pid \(pid)) before it answers the CA: the authorizations stay pending and expire unanswered"
            }
            pid = parent(of: pid)
        }
        return "--stop-certbot: no certbot process among this hook's parents; nothing stopped"
    }

    private static func commandLine(of pid: pid_t) -> [String] {
        guard let data = try? FileBytes.read("/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The fourth field of /proc/PID/stat, after the parenthesised command name (which may contain spaces).
    private static func parent(of pid: pid_t) -> pid_t {
        guard let data = try? FileBytes.read("/proc/\(pid)/stat"),
              let close = data.lastIndex(of: UInt8(ascii: ")")) else { return 0 }
        let fields = data[data.index(after: close)...].split(separator: UInt8(ascii: " "))
        return fields.count > 1 ? pid_t(String(decoding: fields[1], as: UTF8.self)) ?? 0 : 0
    }
}
