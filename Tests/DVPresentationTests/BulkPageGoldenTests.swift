import Foundation
import Testing
import DVDoctor
import DVResolve
import DVTestSupport
@testable import DVPresentation

/// The bulk page of a doctor run (what `dvtool doctor --from … --json` printed for three names against the test
/// world, in Fixtures/reports/bulk-doctor.jsonl), rendered with no network and compared byte for byte, and the
/// expiry buckets' edges.
@Suite("bulk page: expiry view")
struct BulkPageGoldenTests {
    /// 2026-12-07T00:00:00Z: the fixture's valid leaf runs out a year later, the expired one in 2021.
    static let now = Date(timeIntervalSince1970: 1_796_601_600)

    static func page() throws -> (document: Document, json: String) {
        let file = PresentationGoldenTests.root.appendingPathComponent("Fixtures/reports/bulk-doctor.jsonl")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let page = BulkPage<DoctorReport>(now: now)
        var tally = BulkTally(total: nil, command: "doctor")
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            struct Numbered: Decodable { var line: Int }
            let number = try decoder.decode(Numbered.self, from: Data(line.utf8)).line
            let outcome = BulkBatch<DoctorReport>.Outcome.report(line: number, try decoder.decode(DoctorReport.self, from: Data(line.utf8)))
            tally.count(outcome)
            page.add(outcome, jsonLine: String(line))
        }
        return (page.document(tally), page.json)
    }

    @Test func pageMatchesItsGoldens() throws {
        let (document, json) = try Self.page()
        try PresentationGoldenTests.compare(TextWriter(colour: false).write(document) + "\n", file: "bulk-doctor.txt")
        let html = HTMLWriter(context: PresentationGoldenTests.context).write(document, json: json)
        let (frame, holes) = try PresentationGoldenTests.split(html)
        try PresentationGoldenTests.compare(frame, file: "page-frame.html")
        try PresentationGoldenTests.compare("<title>\(holes["title"]!)</title>\n\(holes["header"]!)<main>\n\(holes["main"]!)</main>\n",
                                            file: "bulk-doctor.html")
    }

    /// One bar per bucket, each saying its count in text and in data attributes: colour is never the only signal.
    @Test func barsSayTheirCounts() throws {
        let html = HTMLWriter(context: PresentationGoldenTests.context).write(try Self.page().document, json: "[]")
        for (bucket, count) in [("expired", 1), ("&lt; 7 days", 0), ("&lt; 30 days", 0), ("later", 1), ("no certificate", 1)] {
            #expect(html.contains("data-bucket=\"\(bucket)\" data-count=\"\(count)\""), "bar \(bucket)")
        }
        #expect(html.contains("aria-label=\"Live certificate expiry of 3 names, measured from 2026-12-07T00:00:00Z: 1 expired, 0 &lt; 7 days, 0 &lt; 30 days, 1 later, 1 no certificate\""))
    }

    /// notAfter is the last valid second: a certificate is expired once it is past, and exactly 7 (30) days left is
    /// no longer under 7 (30) days.
    @Test func bucketEdges() {
        let buckets = ExpiryBuckets(now: Self.now)
        let day: TimeInterval = 86400
        let cases: [(TimeInterval?, ExpiryBuckets.Bucket)] = [
            (nil, .noCertificate), (-1, .expired), (0, .underSevenDays), (7 * day - 1, .underSevenDays), (7 * day, .underThirtyDays),
            (30 * day - 1, .underThirtyDays), (30 * day, .later), (400 * day, .later),
        ]
        for (offset, expected) in cases {
            #expect(buckets.bucket(offset.map { Self.now.addingTimeInterval($0) }) == expected, "\(String(describing: offset))")
        }
    }

    /// resolve and txt rows fetch no certificate: their pages say so instead of drawing empty bars.
    @Test func kindsWithoutCertificatesSayWhy() {
        let page = BulkPage<ResolveReport>(now: Self.now)
        let text = TextWriter(colour: false).write(page.document(BulkTally(total: nil)))
        #expect(text.contains("expiry view: none, as resolve rows carry no expiry dates"))
        #expect(!text.contains("Live certificate expiry"))
    }
}
