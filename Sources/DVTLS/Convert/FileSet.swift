import DVBasics
import Glibc

/// Files written together and never half: every file goes to a temporary name beside its target (created with
/// its final mode, so a key is never readable by others, not even for a moment), is flushed to disk, and only
/// when all are written are they renamed into place. A failure before that leaves no trace.
enum FileSet {
    struct Entry {
        var path: String
        var bytes: [UInt8]
        var mode: mode_t
    }

    static func write(_ entries: [Entry], overwrite: Bool) throws(PKIFileError) {
        if !overwrite, let existing = entries.first(where: { access($0.path, F_OK) == 0 }) {
            throw PKIFileError(.exists, "\(existing.path) already exists: add --force to replace it (or choose another --out)")
        }
        var staged: [(temporary: String, target: String)] = []
        var renamed = false
        defer { if !renamed { staged.forEach { unlink($0.temporary) } } }
        for entry in entries {
            let temporary = FilePath.parent(of: entry.path) + "/." + FilePath.lastComponent(of: entry.path) + ".dvtool-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, entry.mode)
            guard fd >= 0 else { throw failure("cannot create a file in \(FilePath.parent(of: entry.path))") }
            staged.append((temporary, entry.path))
            // The umask narrowed open's mode; the caller's mode is what it asked for.
            let written = fchmod(fd, entry.mode) == 0 && writeAll(entry.bytes, to: fd) && fsync(fd) == 0
            let error = failure("cannot write \(entry.path)")
            close(fd)
            guard written else { throw error }
        }
        for (temporary, target) in staged where rename(temporary, target) != 0 {
            throw failure("cannot move the new file to \(target)")
        }
        renamed = true
    }

    private static func failure(_ what: String) -> PKIFileError {
        PKIFileError(.writeFailed, "\(what): \(errnoText(errno))")
    }
}
