import Glibc

/// Asks the person at the terminal for a secret with echo off (the way `openssl` and `ssh` ask for passphrases).
public enum SecretPrompt {
    /// Shows `prompt` on /dev/tty and reads one line without echo; nil when there is no terminal or the read fails.
    public static func read(_ prompt: String) -> String? {
        guard StandardStream.input.isTerminal else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        writeAll(Array(prompt.utf8), to: fd)
        guard tcsetattr(fd, TCSANOW, &silent) == 0 else { return nil }
        defer {
            tcsetattr(fd, TCSANOW, &saved)
            writeAll([0x0A], to: fd)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(fd, &byte, 1) == 1, byte != 0x0A {
            if byte != 0x0D { line.append(byte) }
        }
        return String(decoding: line, as: UTF8.self)
    }
}
