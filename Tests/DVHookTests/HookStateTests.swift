import Foundation
import Testing
import DVHook

@Suite struct HookStateTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-state-\(UUID().uuidString.prefix(8))").path

    @Test func recordsAreKeptOnceAndRemoved() throws {
        let state = try HookState(directory: directory, client: "certbot", key: "example.com,*.example.com")
        let apex = ChallengeRecord(name: "_acme-challenge.example.com.", value: "a")
        let wildcard = ChallengeRecord(name: "_acme-challenge.example.com.", value: "b")
        try state.add([apex])
        #expect(try state.add([apex, wildcard]) == [apex, wildcard])
        try state.remove([apex])
        #expect(try state.load() == [wildcard])
        try state.remove([wildcard])
        #expect(!FileManager.default.fileExists(atPath: state.path))
    }

    @Test func recordsOfALongGoneOrderAreDropped() throws {
        let state = try HookState(directory: directory, client: "acme.sh", key: "_acme-challenge.example.com.")
        let old = ChallengeRecord(name: "_acme-challenge.example.com.", value: "from last month")
        try state.add([old], now: Date().addingTimeInterval(-8 * 86_400))
        #expect(try state.load().isEmpty)
        #expect(try state.add([ChallengeRecord(name: "_acme-challenge.example.com.", value: "new")]).map(\.value) == ["new"])
    }

    @Test func aDamagedFileIsAnErrorNotAnEmptyOrder() throws {
        let state = try HookState(directory: directory, client: "certbot", key: "damaged")
        try "{not json".write(toFile: state.path, atomically: true, encoding: .utf8)
        #expect(throws: HookError.self) { try state.load() }
    }

    /// A lock that cannot be taken stops the change: the records are not written unlocked.
    @Test func aLockThatCannotBeTakenIsAnErrorAndNothingIsWritten() throws {
        let state = try HookState(directory: directory, client: "certbot", key: "unlockable")
        // open(2) with O_CREAT refuses a directory (EISDIR): the lock file cannot be opened.
        try FileManager.default.createDirectory(atPath: state.path + ".lock", withIntermediateDirectories: false)
        let error = #expect(throws: HookError.self) {
            try state.add([ChallengeRecord(name: "_acme-challenge.example.com.", value: "a")])
        }
        #expect(error?.description.hasPrefix("cannot lock the hook state \(state.path) (cannot open \(state.path).lock: Is a directory)") == true,
                "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: state.path))
    }
}
