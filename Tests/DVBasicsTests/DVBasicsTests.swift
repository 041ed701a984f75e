import DVBasics
import Testing
import Glibc

@Suite("Text and path helpers")
struct DVBasicsTests {
    @Test func trimmingWhitespaceKeepsInnerSpaceAndOptionallyNewlines() {
        #expect(" \t a b \u{00A0}".trimmingWhitespace() == "a b")
        #expect(" a \n".trimmingWhitespace() == "a \n")
        #expect(" a \r\n".trimmingWhitespace(includingNewlines: true) == "a")
        #expect("   ".trimmingWhitespace() == "")
        #expect("\"quoted\"".trimming("\"") == "quoted")
        #expect("- item -".trimming(where: { $0 == "-" || $0 == " " }) == "item")
    }

    @Test func paddedCutsOrFillsToTheLength() {
        #expect("ab".padded(toLength: 4) == "ab  ")
        #expect("abcdef".padded(toLength: 4) == "abcd")
        #expect("".padded(toLength: 0) == "")
    }

    @Test(arguments: [
        ("/etc/dvtool/tokens.json", "/etc/dvtool", "tokens.json"),
        ("/tokens.json", "/", "tokens.json"),
        ("tokens.json", ".", "tokens.json"),
        ("store/tokens.json", "store", "tokens.json"),
        ("/var/lib/", "/var", "lib"),
        ("/", "/", "/"),
    ])
    func parentAndLastComponent(path: String, parent: String, last: String) {
        #expect(FilePath.parent(of: path) == parent)
        #expect(FilePath.lastComponent(of: path) == last)
    }

    @Test func normalizedResolvesDotsWithoutTheFileSystem() {
        #expect(FilePath.normalized("/etc/../run/systemd/resolve/stub-resolv.conf") == "/run/systemd/resolve/stub-resolv.conf")
        #expect(FilePath.normalized("/etc/./a//b/") == "/etc/a/b")
        #expect(FilePath.normalized("/../x") == "/x")
        #expect(FilePath.normalized("a/../../b") == "../b")
        #expect(FilePath.normalized("a/..") == ".")
    }

    @Test func fileBytesReadsWholeFilesAndNamesFailures() throws {
        let path = "/tmp/dvbasics-test-\(getpid())"
        let content = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0) })
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        #expect(writeAll(content, to: fd))
        close(fd)
        #expect(!writeAll(content, to: fd), "a closed descriptor must report the failure")
        #expect(errno == EBADF)
        defer { unlink(path) }
        #expect(try FileBytes.read(path) == content)

        #expect(throws: FileBytes.ReadError.self) { try FileBytes.read(path + "-missing") }
        do {
            _ = try FileBytes.read(path + "-missing")
        } catch {
            #expect(error.fileIsMissing && error.description == "No such file or directory")
        }
        do {
            _ = try FileBytes.read("/tmp")
        } catch {
            #expect(!error.fileIsMissing && error.description == "Is a directory")
        }
    }

    @Test func detachedThreadRunsTheWork() async {
        let answer = await withCheckedContinuation { continuation in
            let started = startDetachedThread { continuation.resume(returning: pthread_self()) }
            #expect(started)
        }
        #expect(pthread_equal(answer, pthread_self()) == 0, "the work ran on the calling thread")
    }
}

@Suite("Typed durations")
struct TypedDurationTests {
    @Test(arguments: [("90", 90.0), ("90s", 90), ("10m", 600), ("1h", 3600), ("1m30s", 90), ("0.5", 0.5), ("1.5m", 90)])
    func parsesWhatPeopleType(text: String, seconds: Double) {
        #expect(TypedDuration(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "0", "-5", "10x", "m", "5m3", "0s", "inf", "nan", "-1s"])
    func refusesWhatIsNotADuration(text: String) {
        #expect(TypedDuration(parsing: text) == nil)
    }

    @Test func zeroIsReadWhenAskedSoThatTheRangeCanBeNamed() throws {
        let zero = try #require(TypedDuration(parsing: "0", allowingZero: true))
        #expect(zero.seconds == 0 && zero.description == "0s")
        #expect(TypedDuration(parsing: "0s", allowingZero: true)?.seconds == 0)
        #expect(TypedDuration(parsing: "", allowingZero: true) == nil)
        #expect(TypedDuration(parsing: "-1", allowingZero: true) == nil)
        let limit = TypedDuration(seconds: 120)
        #expect(zero.outOfRange(for: "--timeout", atMost: limit) == "--timeout must be more than 0 and at most 2m, got 0s")
        #expect(TypedDuration(seconds: 121).outOfRange(for: "--timeout", atMost: limit) == "--timeout must be more than 0 and at most 2m, got 2m1s")
        #expect(TypedDuration(seconds: 120).outOfRange(for: "--timeout", atMost: limit) == nil)
        #expect(TypedDuration(seconds: 1.5).outOfRange(for: "--timeout", atMost: limit) == nil)
    }

    @Test func printsItBackTheWayItIsTyped() {
        #expect(TypedDuration(seconds: 600).description == "10m")
        #expect(TypedDuration(seconds: 90).description == "1m30s")
        #expect(TypedDuration(seconds: 45).description == "45s")
        #expect(TypedDuration(seconds: 0.5).description == "0.5s")
        #expect(TypedDuration(seconds: 1.5).duration == .milliseconds(1500))
    }
}
