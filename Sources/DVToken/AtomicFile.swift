// AtomicFile: whole-or-nothing file writes (temp file in the same directory, fsync, rename or link).
import FoundationEssentials
import DVBasics
import Glibc

public enum AtomicFile {
    /// The outcome of a write.
    public enum Outcome: Sendable, Equatable {
        case created
        case replaced
        /// The file already held exactly these bytes: nothing was written.
        case unchanged
    }

    /// Writes `bytes` to `path` so that readers see either the old file or the complete new one.
    ///
    /// The bytes go to a fresh temporary file beside `path` (`O_EXCL`, `mode`), which is fsync'ed and then
    /// renamed over `path` (`overwrite`) or hard-linked to it (not `overwrite`: `link` fails if `path` exists,
    /// with no window for a race). The directory is fsync'ed so the new name survives a crash.
    /// - Parameters:
    ///   - overwrite: replace an existing file; without it an existing file with other content is an error.
    ///   - directoryMode: mode for missing parent directories.
    /// - Throws: `TokenError.Code.exists` or `.writeFailed`.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, overwrite: Bool,
                             directoryMode: mode_t = 0o755) throws(TokenError) -> Outcome {
        let directory = FilePath.parent(of: path)
        let existing = FileManager.default.contents(atPath: path)
        if let existing, Array(existing) == bytes { return .unchanged }
        if existing != nil && !overwrite {
            throw TokenError(.exists, "\(path) already exists with other content; add --force to replace it")
        }
        try createDirectories(directory, mode: directoryMode)
        let name = FilePath.lastComponent(of: path)
        let temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create a file in \(directory)") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        guard writeAll(bytes, to: fd) else {
            let error = failure("cannot write \(path)")
            close(fd)
            throw error
        }
        // open(2) applies the umask; the caller's mode is what it asked for.
        fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            let error = failure("cannot flush \(path) to disk")
            close(fd)
            throw error
        }
        close(fd)
        let outcome: Outcome
        if overwrite {
            guard rename(temporary, path) == 0 else { throw failure("cannot move the new file to \(path)") }
            outcome = existing == nil ? .created : .replaced
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw TokenError(.exists, "\(path) appeared while writing; add --force to replace it") }
                throw failure("cannot create \(path)")
            }
            unlink(temporary)
            outcome = .created
        }
        ok = true
        syncDirectory(directory)
        return outcome
    }

    /// `mkdir -p` with `mode` for the directories it creates.
    static func createDirectories(_ directory: String, mode: mode_t) throws(TokenError) {
        var status = stat()
        if stat(directory, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw TokenError(.writeFailed, "\(directory) is not a directory") }
            return
        }
        try createDirectories(FilePath.parent(of: directory), mode: mode)
        guard mkdir(directory, mode) == 0 || errno == EEXIST else { throw failure("cannot create the directory \(directory)") }
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String) -> TokenError {
        TokenError(.writeFailed, "\(what): \(errnoText())")
    }
}
