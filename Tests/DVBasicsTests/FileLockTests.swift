@testable import DVBasics
import Foundation
import Glibc
import Testing

/// The one file lock under the hook state and the token store: a lock that cannot be taken is an error, and the
/// change never runs unlocked.
@Suite("File lock")
struct FileLockTests {
    struct Refusal: Error { let reason: String }

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-lock-\(UUID().uuidString.prefix(8))").path

    @Test func runsTheChangeHoldingTheLock() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/state.lock"
        let held = try FileLock.exclusive(path, createMode: 0o600, failure: Refusal.init) { () throws(Refusal) in
            // Another descriptor of the same file cannot take the lock while the change runs.
            let other = open(path, O_RDONLY | O_CLOEXEC)
            defer { close(other) }
            return flock(other, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK
        }
        #expect(held)
    }

    @Test func aDescriptorFlockRefusesIsAnError() throws {
        // An O_PATH descriptor names the file without opening it: flock(2) answers EBADF. Glibc's module leaves
        // O_PATH out (it needs _GNU_SOURCE); 0o10000000 is its value on Linux's common architectures.
        let pathOnly: Int32 = 0o10000000
        let descriptor = open("/", pathOnly | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var ran = false
        let error = #expect(throws: Refusal.self) {
            try FileLock.holding(descriptor, path: "/", failure: Refusal.init) { () throws(Refusal) in ran = true }
        }
        #expect(error?.reason == "cannot lock /: Bad file descriptor")
        #expect(!ran)
    }

    @Test func aLockFileThatCannotBeOpenedIsAnError() {
        var ran = false
        let error = #expect(throws: Refusal.self) {
            try FileLock.exclusive("/proc/self/dvtool.lock", createMode: 0o600, failure: Refusal.init) { () throws(Refusal) in ran = true }
        }
        #expect(error?.reason.hasPrefix("cannot open /proc/self/dvtool.lock: ") == true)
        #expect(!ran)
    }
}
