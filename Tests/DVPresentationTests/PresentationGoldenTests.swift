import DVCAA
import Foundation
import Testing
import DVDNSSEC
import DVDoctor
import DVPath
import DVPerspective
@testable import DVPresentation
import DVReport
import DVResolve
import DVSocket
import DVTLS
import DVTXT
import DVTestSupport

/// Every report kind rendered from a JSON fixture (what `dvtool … --json` printed against the test world, in
/// Fixtures/reports), with no network: the text and the HTML are compared byte for byte with the files in Golden.
/// `DVTOOL_UPDATE_GOLDEN=1` rewrites them. The fixtures were made with the commands in Fixtures/README.md.
@Suite("presentation goldens from JSON fixtures")
struct PresentationGoldenTests {
    static let root = CLI.packageRoot.appendingPathComponent("Tests/DVPresentationTests")
    /// The page's run line is fixed, so that the HTML golden does not change with the clock.
    static let context = HTMLWriter.Context(commandLine: ["dvtool", "example", "--format", "html"], version: "0.0.0-test",
                                            time: Date(timeIntervalSince1970: 1_796_083_200))
    /// Certificates' days left are counted from this moment (2026-12-01).
    static let now = Date(timeIntervalSince1970: 1_796_083_200)

    static let fixtures = ["doctor-valid", "doctor-expired", "txt-ok", "txt-lag", "resolve-ok", "resolve-differ", "dnssec-secure",
                           "dnssec-expired", "dnssec-lame", "caa-allowed", "caa-blocked", "cert-check-ec", "cert-check-expired",
                           "cert-probe-valid", "path-valid", "mpic-valid", "mpic-lag"]

    static func json(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent("Fixtures/reports/\(name).json"))
    }

    static func decode<Report: Decodable>(_ type: Report.Type, _ name: String) throws -> Report {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: try json(name))
    }

    /// The document a fixture's command prints, and the status its exit code comes from (`ok`, `problem`, `error`).
    static func document(_ name: String) throws -> (Document, expected: String) {
        switch name.split(separator: "-").first! {
        case "doctor":
            let report = try decode(DoctorReport.self, name)
            return (DoctorRendering.document(report, display: report.domain), report.status.rawValue)
        case "txt":
            let report = try decode(TXTReport.self, name)
            return (TXTRendering.document(report, display: report.name), report.status.rawValue)
        case "resolve":
            let report = try decode(ResolveReport.self, name)
            return (ResolveRendering.document(report), report.status.rawValue)
        case "dnssec":
            let report = try decode(DNSSECReport.self, name)
            return (DNSSECRendering.document(report, display: report.name.description), report.status.rawValue)
        case "caa":
            let report = try decode(CAAReport.self, name)
            return (CAARendering.document(report), report.status.rawValue)
        case "cert" where name.hasPrefix("cert-check"):
            let report = try decode(CertificateFileCheck.Report.self, name)
            return (CertificateRendering.document(report, path: report.certificateFile, now: now), report.hasProblem ? "problem" : "ok")
        case "cert":
            let report = try decode(TLSProbe.Report.self, name)
            return (CertificateRendering.document(report, endpoint: HostPort(host: report.ip, port: report.port), serverName: report.serverName, now: now),
                    report.hasProblem ? "problem" : "ok")
        case "path":
            let report = try decode(PathReport.self, name)
            return (PathRendering.document(report), report.status.rawValue)
        case "mpic":
            let report = try decode(MPICReport.self, name)
            return (MPICRendering.document(report), report.valid ? "ok" : "problem")
        default:
            throw CocoaError(.fileReadUnknown)
        }
    }

    static func compare(_ actual: String, file: String) throws {
        let path = root.appendingPathComponent("Golden/\(file)")
        if ProcessInfo.processInfo.environment["DVTOOL_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        #expect(actual == expected, "\(file) differs; if the change is meant, run the tests with DVTOOL_UPDATE_GOLDEN=1 and review the diff")
    }

    static func page(_ name: String) throws -> String {
        HTMLWriter(context: context).write(try document(name).0, json: String(decoding: try json(name), as: UTF8.self))
    }

    @Test(arguments: fixtures)
    func text(_ name: String) throws {
        try Self.compare(TextWriter(colour: false).write(try Self.document(name).0) + "\n", file: "\(name).txt")
    }

    /// Where a page holds what is its report's own, in page order: the title's text, the verdict and heading, the
    /// body, the embedded JSON. Everything else is the frame, the same for every report.
    static let holes: [(open: String, close: String, name: String)] = [("<title>dvtool: ", close: "</title>\n", name: "title"), ("<style>", "</style>", "style"),
                        ("<header>\n", "<p class=\"run\">", "header"),
                        ("<main>\n", "</main>\n", "main"), ("<script type=\"application/json\" id=\"dvtool-data\">", "</script>\n", "data")]

    /// A page cut, every byte of it, into its frame (each hole written `{{name}}`) and the holes' contents. The holes'
    /// ends cannot stand inside them: the writer escapes `<` in all text and in the JSON.
    static func split(_ page: String) throws -> (frame: String, holes: [String: String]) {
        var frame = ""
        var contents: [String: String] = [:]
        var rest = Substring(page)
        for hole in holes {
            let start = try #require(rest.range(of: hole.open), "the page has \(hole.open)").upperBound
            let end = try #require(rest[start...].range(of: hole.close), "the page has \(hole.close) after \(hole.open)").lowerBound
            frame += rest[..<start] + "{{\(hole.name)}}"
            contents[hole.name] = String(rest[start..<end])
            rest = rest[end...]
        }
        return (frame + rest, contents)
    }

    /// The page's frame (head, run line, footer, the data block's element) is pinned once, in page-frame.html, for
    /// every report; its stylesheet is HTMLStyle.sheet, byte for byte (the source is its own golden); each report's
    /// golden holds only its own title, verdict, heading and body; its embedded JSON is the fixture itself (which pins
    /// the report's JSON), made safe for `<script>`.
    @Test(arguments: fixtures)
    func html(_ name: String) throws {
        let (frame, holes) = try Self.split(try Self.page(name))
        try Self.compare(frame, file: "page-frame.html")
        #expect(holes["style"] == HTMLStyle.sheet, "the page inlines the stylesheet as it is")
        try Self.compare("<title>\(holes["title"]!)</title>\n\(holes["header"]!)<main>\n\(holes["main"]!)</main>\n", file: "\(name).html")
        let json = String(decoding: try Self.json(name), as: UTF8.self)
        #expect(holes["data"] == json.replacing("<", with: "\\u003c").replacing(">", with: "\\u003e").replacing("&", with: "\\u0026"),
                "the data block is the report's JSON with <, > and & as \\u escapes")
    }

    /// The page's verdict is the one the exit code comes from: `error` is written `could-not-check`.
    @Test(arguments: fixtures)
    func verdictFirst(_ name: String) throws {
        let (document, expected) = try Self.document(name)
        let word = expected == "error" ? "could-not-check" : expected
        #expect(document.verdict?.word == word)
        let page = try Self.page(name)
        let verdict = try #require(page.range(of: "data-verdict=\"")).upperBound
        #expect(page[verdict...].hasPrefix(word + "\""), "the first data-verdict on the page is the report's")
        #expect(page.contains(HTMLWriter.contentSecurityPolicy))
    }

    /// The stylesheet fetches nothing (no `url(`, no `@import`: the CSP would refuse them, leaving the page unstyled)
    /// and keeps a print stylesheet.
    @Test func stylesheetIsSelfContained() {
        #expect(!HTMLStyle.sheet.contains("url(") && !HTMLStyle.sheet.contains("@import"))
        #expect(HTMLStyle.sheet.contains("@media print{"))
    }

    /// A TXT value served from the network cannot write markup into the page or end the embedded JSON.
    @Test func networkTextIsEscaped() throws {
        var report = try Self.decode(TXTReport.self, "txt-ok")
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        try #require(!report.authoritative.isEmpty, "the txt-ok fixture has authoritative rows")
        report.authoritative[0].values = [hostile]
        report.authoritative[0].server = "ns1.\"><b>x"
        let page = HTMLWriter(context: Self.context).write(TXTRendering.document(report, display: report.name), json: JSONOutput.encode(report, pretty: true))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("\"><b>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.components(separatedBy: "</script>").count == 2, "only the data block's own end tag")
        // The embedded JSON still reads back to the same value.
        let start = try #require(page.range(of: "<script type=\"application/json\" id=\"dvtool-data\">")).upperBound
        let end = try #require(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound
        let decoded = try JSONDecoder().decode(TXTReport.self, from: Data(page[start..<end].utf8))
        #expect(decoded.authoritative[0].values == [hostile])
    }

    /// The DNSSEC chain is drawn, and its broken link is named in words inside the drawing.
    @Test func brokenDNSSECLinkIsNamed() throws {
        let page = try Self.page("dnssec-expired")
        let svg = try #require(page.range(of: "<svg")).lowerBound
        let drawing = page[svg..<(try #require(page.range(of: "</svg>")).upperBound)]
        #expect(drawing.contains("✗ broken: Signature Expired"))
        #expect(drawing.contains("[bogus]"))
        #expect(drawing.contains("DNSKEY "))
    }

    /// Servers that disagree are marked and named above their table.
    @Test func disagreeingServersAreNamed() throws {
        let page = try Self.page("resolve-differ")
        #expect(page.contains("class=\"marked\" data-mark=\"servers disagree: this one answers 192.0.2.21\""))
        #expect(page.contains("<p class=\"differs\"><strong>Stands out:</strong>"))
    }
}
