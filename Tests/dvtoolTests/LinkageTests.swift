import Foundation
import Testing
import DVTestSupport

/// What the dvtool binary links: full Foundation (CoreFoundation, ICU) kept about 3 MB resident in an
/// idle `dvtool serve`, so only FoundationEssentials may come in.
@Suite("dvtool linkage")
struct LinkageTests {
    @Test func binaryDoesNotLinkFullFoundation() throws {
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [CLI.binary.path]
        let output = Pipe()
        ldd.standardOutput = output
        try ldd.run()
        let libraries = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(ldd.terminationStatus == 0, "ldd \(CLI.binary.path) failed")
        #expect(libraries.contains("libldns"), "ldd output does not list the libraries: \(libraries)")
        let full = ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"]
        #expect(!full.contains { libraries.contains($0) }, "dvtool links full Foundation:\n\(libraries)")
    }
}
