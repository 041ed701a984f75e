import Glibc

/// An exclusive `flock(2)` held while a read-modify-write runs, so two runs (a timer's renewal and a manual one,
/// two `token --save`s) do not drop each other's changes. A lock that cannot be taken is an error: the change
/// never runs unlocked.
public enum FileLock {
    /// Opens `path` (created with `createMode` when given: a lock file beside the data; a directory needs none)
    /// and runs `body` holding the lock. `failure` turns "cannot open/lock PATH: reason" into the caller's error.
    public static func exclusive<T, E: Error>(
        _ path: String, createMode: mode_t? = nil, failure: (String) -> E, _ body: () throws(E) -> T
    ) throws(E) -> T {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (createMode == nil ? 0 : O_CREAT), createMode ?? 0)
        guard descriptor >= 0 else { throw failure("cannot open \(path): \(errnoText())") }
        defer { close(descriptor) }
        return try holding(descriptor, path: path, failure: failure, body)
    }

    /// Runs `body` under an exclusive lock on an open descriptor; waits out signals (EINTR), throws on any other
    /// refusal (EBADF, ENOLCK, …).
    static func holding<T, E: Error>(
        _ descriptor: Int32, path: String, failure: (String) -> E, _ body: () throws(E) -> T
    ) throws(E) -> T {
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw failure("cannot lock \(path): \(errnoText())") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
