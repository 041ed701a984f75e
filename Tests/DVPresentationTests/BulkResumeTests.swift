import Foundation
import Testing
@testable import DVPresentation

/// `--resume` reads a result by its top-level `line` and `status` only: a TXT report's CAA report, or a doctor's
/// item, has keys of its own that sort before them.
@Suite struct BulkResumeTests {
    @Test func nestedKeysDoNotCount() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            {"caa":{"line":"x","status":"problem"},"line":3,"name":"a \\"status\\":\\"error\\" b.","status":"ok"}
            {"items":[{"status":"ok"}],"line":7,"status":"problem"}
            {"error":"bad","input":"x y","line":9}
            {"line":11,"stat
            """.write(to: file, atomically: true, encoding: .utf8)
        let resume = try BulkResume(path: file.path)
        #expect(resume.answered == [3, 7, 9], "the cut last line is not answered")
        #expect((resume.earlier.ok, resume.earlier.problem, resume.earlier.couldNotCheck, resume.earlier.badLines) == (1, 1, 0, 1))
        #expect(try String(contentsOf: file, encoding: .utf8).hasSuffix("\"line\":9}\n"), "the cut last line is removed")
    }
}
