import Foundation
import Testing
import DVTestSupport

/// `--format html` pages as Debian's chromium (headless, installed by scripts/install-deps) reads them: the DOM's
/// verdict equals the JSON's status for each report kind, the console stays silent (the page's CSP turns any fetch
/// into a console error), no `src=` or `href=` reaches out (doc links are plain file:// anchors), and the DNSSEC
/// drawing names its broken link. Chromium itself cannot reach the network: its proxy is a closed port and every
/// host name resolves to nothing.
@Suite("HTML report in a real browser", .serialized)
struct HTMLBrowserTests {
    static let chromium = "/usr/bin/chromium"
    static let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
    static let anchor = ["--trust-anchor", CLI.packageRoot.appendingPathComponent("zones/trust-anchor.ds").path]
    static let pki = "/tmp/dvtool-pki"
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-html-\(getpid())")

    static let reports: [(name: String, arguments: [String])] = [
        ("doctor", ["doctor", "valid.tls.example.test", "--ca-file", "\(pki)/root.crt"] + world + anchor),
        ("doctor-problem", ["doctor", "expired.tls.example.test", "--ca-file", "\(pki)/root.crt"] + world + anchor),
        ("txt", ["txt", "_acme-challenge.example.test", "--expect", "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"] + world),
        ("resolve", ["resolve", "differ.example.test", "--no-recursive", "--root-hints", CLI.rootHints]),
        ("dnssec", ["dnssec", "_acme-challenge.expired.dnssec.test", "--type", "TXT", "--at", "2026-12-01"] + world + anchor),
        ("dnssec-unknown", ["dnssec", "www.lame.dnssec.test", "--timeout", "1"] + world + anchor),
        ("caa", ["caa", "caa-deny.example.test", "--ca", "letsencrypt"] + world),
        ("cert-check", ["cert", "check", "--cert", "\(pki)/expired.fullchain.pem", "--key", "\(pki)/expired.key", "--ca-file", "\(pki)/root.crt"]),
        ("path", ["path", "valid.tls.example.test", "--ca-file", "\(pki)/root.crt"] + world),
    ]
    /// Reports that need a live server of the real world: the nginx TLS servers (scripts/tls-servers).
    static let serverReports: [(name: String, arguments: [String])] = [
        ("cert-probe", ["cert", "probe", "127.53.80.1:443", "--servername", "valid.tls.example.test", "--ca-file", "\(pki)/root.crt", "--no-versions"]),
    ]

    struct Browser {
        let dom: String
        let console: [String]
    }

    /// `--dump-dom` of FILE, bounded in time; the console lines chromium logs on stderr.
    static func open(_ file: URL) throws -> Browser {
        try #require(FileManager.default.isExecutableFile(atPath: chromium), "chromium is missing: run scripts/install-deps (as root)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["30", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
                             "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(scratch.path)/profile",
                             "--enable-logging=stderr", "--v=0", "--dump-dom", file.absoluteString]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "chromium failed (\(process.terminationStatus)): \(log.suffix(2000))")
        return Browser(dom: dom, console: log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }

    static func page(_ name: String, _ arguments: [String]) async throws -> (file: URL, status: Int32) {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let file = scratch.appendingPathComponent("\(name).html")
        let result = try await TestWorld.runCLI(arguments + ["--format", "html", "--output", file.path], timeout: 90)
        #expect(result.stdout.isEmpty, "--output leaves stdout empty")
        #expect(FileManager.default.fileExists(atPath: file.path), "\(name): \(result.stderr)")
        return (file, result.status)
    }

    /// The first `data-verdict` of the DOM: the page's verdict sentence.
    static func verdict(_ dom: String) -> String? {
        guard let start = dom.range(of: "id=\"verdict\" data-verdict=\"")?.upperBound else { return nil }
        return String(dom[start...].prefix { $0 != "\"" })
    }

    @Test(arguments: reports.indices)
    func verdictMatchesJSONAndNothingLeavesThePage(_ index: Int) async throws {
        try await Self.verdictMatchesJSONAndNothingLeavesThePage(Self.reports[index])
    }

    @Test(TestWorld.realOnly("cert probe asks the nginx TLS servers"), arguments: serverReports.indices)
    func serverReportVerdictMatchesJSONAndNothingLeavesThePage(_ index: Int) async throws {
        try await Self.verdictMatchesJSONAndNothingLeavesThePage(Self.serverReports[index])
    }

    static func verdictMatchesJSONAndNothingLeavesThePage(_ report: (name: String, arguments: [String])) async throws {
        let (name, arguments) = report
        let json = try await TestWorld.runCLI(arguments + ["--json"], timeout: 90)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        // cert reports have no status: their exit code (0 / 1) is their verdict.
        let status = object["status"] as? String ?? (json.status == 0 ? "ok" : "problem")
        let (file, exit) = try await Self.page(name, arguments)
        #expect(exit == json.status, "the same exit code with --format html")
        let browser = try Self.open(file)
        #expect(Self.verdict(browser.dom) == (status == "error" ? "could-not-check" : status), "\(name)")
        #expect(browser.console.isEmpty, "console: \(browser.console)")
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(!html.contains("src="), "nothing is loaded")
        for link in html.components(separatedBy: "href=\"").dropFirst() {
            #expect(link.hasPrefix("file:///usr/share/doc/dvtool/"), "only plain links to the installed docs: \(link.prefix(80))")
        }
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
    }

    @Test func dnssecDrawingNamesTheBrokenLink() async throws {
        let (file, _) = try await Self.page("dnssec-broken", ["dnssec", "_acme-challenge.expired.dnssec.test", "--type", "TXT", "--at", "2026-12-01"] + Self.world + Self.anchor)
        let dom = try Self.open(file).dom
        let svg = try #require(dom.range(of: "<svg")).lowerBound
        let drawing = dom[svg..<(try #require(dom.range(of: "</svg>")).upperBound)]
        #expect(drawing.contains("✗ broken: Signature Expired: the DNSKEY signature by key 34247 of expired.dnssec.test."))
        #expect(drawing.contains("expired.dnssec.test. [bogus]"))
    }

    /// A bulk run's page: totals, no expiry view (and why), the worst rows, and every row's JSON embedded.
    @Test func bulkRunPage() async throws {
        try FileManager.default.createDirectory(at: Self.scratch, withIntermediateDirectories: true)
        let names = Self.scratch.appendingPathComponent("names.txt")
        try "www.example.test\ndiffer.example.test\nmissing.example.test\n".write(to: names, atomically: true, encoding: .utf8)
        let arguments = ["resolve", "--from", names.path, "--no-recursive", "--root-hints", CLI.rootHints]
        let (file, exit) = try await Self.page("bulk", arguments)
        #expect(exit == 1)
        let browser = try Self.open(file)
        #expect(Self.verdict(browser.dom) == "problem")
        #expect(browser.console.isEmpty, "console: \(browser.console)")
        #expect(browser.dom.contains("expiry view: none, as resolve rows carry no expiry dates"))
        #expect(browser.dom.contains("The worst 2 of 2 names that are not ok"))
        let start = try #require(browser.dom.range(of: "<script type=\"application/json\" id=\"dvtool-data\">")).upperBound
        let end = try #require(browser.dom.range(of: "</script>", range: start..<browser.dom.endIndex)).lowerBound
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(browser.dom[start..<end].utf8)) as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["line"] as? Int }) == [1, 2, 3])
    }

    /// txt and doctor bulk runs gather the same page, with their own columns.
    @Test func txtAndDoctorBulkPages() async throws {
        try FileManager.default.createDirectory(at: Self.scratch, withIntermediateDirectories: true)
        let records = Self.scratch.appendingPathComponent("records.txt")
        try "_acme-challenge.example.test\nnothing-here.example.test\n".write(to: records, atomically: true, encoding: .utf8)
        let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
        let (txtFile, txtExit) = try await Self.page("bulk-txt", ["txt", "--from", records.path] + world)
        #expect(txtExit == 1)
        let txt = try Self.open(txtFile)
        #expect(Self.verdict(txt.dom) == "problem")
        #expect(txt.console.isEmpty, "console: \(txt.console)")
        #expect(txt.dom.contains("txt --from: 2 names"))
        #expect(txt.dom.contains("VALUES") && txt.dom.contains("nothing-here.example.test"))

        let domains = Self.scratch.appendingPathComponent("domains.txt")
        try "nothing-here.example.test\n".write(to: domains, atomically: true, encoding: .utf8)
        let (doctorFile, doctorExit) = try await Self.page("bulk-doctor", ["doctor", "--from", domains.path] + world)
        #expect(doctorExit == 1)
        let doctor = try Self.open(doctorFile)
        #expect(Self.verdict(doctor.dom) == "problem")
        #expect(doctor.dom.contains("doctor --from: 1 names"))
        #expect(doctor.dom.contains("FIRST ITEM NOT OK") && doctor.dom.contains("dns"))
        #expect(doctor.dom.contains("data-bucket=\"no certificate\" data-count=\"1\""), "a name that does not resolve has no certificate")
    }

    /// A doctor bulk run draws its names by live certificate expiry: the bars' counts in the DOM are the JSON rows'
    /// notAfter dates bucketed, and a name with no certificate has its own bar.
    @Test(TestWorld.realOnly("The live certificates are the nginx TLS servers' (scripts/tls-servers)")) func bulkDoctorExpiryBars() async throws {
        try FileManager.default.createDirectory(at: Self.scratch, withIntermediateDirectories: true)
        let domains = Self.scratch.appendingPathComponent("expiry-domains.txt")
        try "valid.tls.example.test\nexpired.tls.example.test\nnothing-here.example.test\n".write(to: domains, atomically: true, encoding: .utf8)
        let (file, exit) = try await Self.page("bulk-expiry", ["doctor", "--from", domains.path, "--ca-file", "\(Self.pki)/root.crt"] + Self.world + Self.anchor)
        #expect(exit == 1)
        let browser = try Self.open(file)
        #expect(browser.console.isEmpty, "console: \(browser.console)")
        let svg = try #require(browser.dom.range(of: "<figure class=\"expiry\">"), "the page has the expiry view").lowerBound
        let drawing = browser.dom[svg..<(try #require(browser.dom.range(of: "</figure>", range: svg..<browser.dom.endIndex)).upperBound)]
        for (bucket, count) in [("expired", 1), ("&lt; 7 days", 0), ("&lt; 30 days", 0), ("later", 1), ("no certificate", 1)] {
            #expect(drawing.contains("data-bucket=\"\(bucket)\" data-count=\"\(count)\""), "bar \(bucket): \(drawing)")
        }
        let start = try #require(browser.dom.range(of: "<script type=\"application/json\" id=\"dvtool-data\">")).upperBound
        let end = try #require(browser.dom.range(of: "</script>", range: start..<browser.dom.endIndex)).lowerBound
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(browser.dom[start..<end].utf8)) as? [[String: Any]])
        let notAfter = Dictionary(uniqueKeysWithValues: rows.map { ($0["domain"] as? String ?? "", $0["certificateNotAfter"] as? String) })
        #expect(notAfter["expired.tls.example.test."]??.hasPrefix("2021-01-01") == true, "\(notAfter)")
        #expect(notAfter["valid.tls.example.test."]! != nil && notAfter["nothing-here.example.test."]! == nil, "\(notAfter)")
    }

    /// `--output` replaces the file whole: a failed write leaves neither a file nor a temporary beside it.
    @Test func outputIsWrittenAtomically() async throws {
        let directory = Self.scratch.appendingPathComponent("atomic")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent("report.html")
        try "old".write(to: target, atomically: true, encoding: .utf8)
        let replaced = try await TestWorld.runCLI(["resolve", "www.example.test", "--no-recursive", "--root-hints", CLI.rootHints, "--format", "html", "--output", target.path])
        #expect(replaced.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let blocked = directory.appendingPathComponent("file-not-dir")
        try "x".write(to: blocked, atomically: true, encoding: .utf8)
        let failed = try await TestWorld.runCLI(["resolve", "www.example.test", "--no-recursive", "--root-hints", CLI.rootHints, "--format", "html",
                                  "--output", blocked.path + "/report.html"])
        #expect(failed.status == 2)
        #expect(failed.stderr.hasPrefix("dvtool: error: cannot write --output"), "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["file-not-dir", "report.html"])
    }
}
