import ArgumentParser
import DVDNS
import DVHTTPCheck
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct HTTPCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-check",
        abstract: "Fetch a validation file the way a CA does, from every A and AAAA address of the domain.",
        discussion: """
            Starts at http://DOMAIN:80/PATH on each address, follows only 301/302/307/308 redirects to http: or \
            https: on ports 80 and 443 (at most 10; HTTPS with TLS 1.2 or newer and no certificate check), needs \
            status 200 (--profile baseline: any 2xx) and a body under 128 bytes, trims trailing whitespace and \
            compares exactly with --expect. Prints every address and every hop with its verdict, and what Let's \
            Encrypt would do (first AAAA, IPv4 only when IPv6 cannot connect).
            Exit codes: 0 every address serves the token, 1 an address failed (or the name has no address), \
            2 bad input, 3 could not check (DNS failed).
            """)

    @Argument(help: "The domain to fetch from (IDN accepted).")
    var domain: String

    @Option(help: ArgumentHelp(
        "URL path to fetch; a bare token means /.well-known/acme-challenge/TOKEN.", valueName: "path"))
    var path: String

    @Option(help: ArgumentHelp("The exact content the file must have (trailing whitespace ignored).", valueName: "content"))
    var expect: String?

    @Option(help: ArgumentHelp("letsencrypt (status 200, Boulder's rules) or baseline (CA/B Forum BR: any 2xx).", valueName: "profile"))
    var profile = CheckProfile.letsencrypt

    @Option(help: ArgumentHelp("Seconds to wait for each connection and for each response.", valueName: "seconds"))
    var httpTimeout: Double = 10

    @OptionGroup(title: "DNS Options") var dns: DNSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard httpTimeout > 0, httpTimeout <= 60 else { throw ValidationError("--http-timeout must be between 0 and 60 seconds") }
    }

    func run() async throws {
        if domain.lowercased().hasPrefix("http://") || domain.lowercased().hasPrefix("https://") {
            throw CLIError.badInput("give the domain without a scheme (e.g. example.com), and the path with --path")
        }
        let ascii = try DomainInput(domain, allowWildcard: false).ascii
        let fullPath = path.hasPrefix("/") ? path : "/.well-known/acme-challenge/" + path
        guard fullPath.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), !fullPath.contains("#") else {
            throw CLIError.badInput("--path must be a URL path of visible ASCII characters (percent-encode anything else)")
        }
        if let expect, expect.utf8.count >= 128 {
            throw CLIError.badInput("--expect is \(expect.utf8.count) bytes; CAs fail bodies of 128 bytes or more, so it can never match")
        }

        var settings = HTTPCheckSettings(path: fullPath, expected: expect, profile: profile)
        settings.connectTimeout = .milliseconds(Int64(httpTimeout * 1000))
        settings.exchangeTimeout = .milliseconds(Int64(httpTimeout * 1000))
        let client: DNSClient
        do { client = try await DNSClient() } catch { throw CLIError.couldNotCheck("cannot open a UDP socket: \(error)") }
        let resolver = DNSHostResolver(client: client, resolvers: dns.recursiveResolvers(), policy: dns.policy)
        let checker = HTTPChecker(settings: settings, resolver: resolver, tls: OpenSSLConnector())
        let report = await checker.check(domain: ascii)
        await client.shutdown()

        if output.json {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            Terminal.line(Self.render(report))
        }
        switch report.status {
        case .ok: return
        case .failed: throw ExitStatus.checkFailed
        case .error: throw ExitStatus.couldNotCheck
        }
    }

    static func render(_ report: HTTPCheckReport) -> String {
        var lines: [String] = []
        lines.append(Terminal.paint("GET \(report.url)", .bold) + "  (profile \(report.profile.rawValue)"
                     + (report.expected.map { ", expecting \(quote($0))" } ?? "") + ")")
        let resolution = report.resolution
        if resolution.error == nil {
            var dnsLine = "DNS: AAAA " + (resolution.aaaa.isEmpty ? "none" : resolution.aaaa.joined(separator: " "))
                + "; A " + (resolution.a.isEmpty ? "none" : resolution.a.joined(separator: " "))
            if !resolution.cnames.isEmpty { dnsLine += "; via CNAME " + resolution.cnames.joined(separator: " → ") }
            if let rcode = resolution.rcode { dnsLine += " (\(rcode))" }
            if let server = resolution.resolver { dnsLine += Terminal.paint("  [resolver \(server)]", .dim) }
            lines.append(dnsLine)
        }
        for check in report.addresses {
            lines.append("")
            let verdict = check.passed ? Terminal.paint("ok", .green) : Terminal.paint(check.verdict.rawValue, .red)
            lines.append(Terminal.paint("\(check.family) \(check.address)", .bold) + "  \(verdict)  \(check.message)")
            for (index, hop) in check.hops.enumerated() {
                let target = hop.address.map { $0.contains(":") ? "[\($0)]:\(hop.port)" : "\($0):\(hop.port)" } ?? "-"
                let status = hop.status.map { "\($0) \(hop.reason ?? "")".trimmingWhitespace() } ?? "-"
                let tls = hop.tls.map { " \($0)" } ?? ""
                let mark: String = switch hop.verdict {
                case .ok: Terminal.paint("ok", .green)
                case .redirect: "redirect"
                default: Terminal.paint(hop.verdict.rawValue, .red)
                }
                var line = "  \(index + 1). \(hop.url) → \(target)\(tls)  \(status)  \(mark)"
                if hop.verdict == .redirect, let location = hop.location { line += "  Location: \(location)" }
                if hop.verdict != .ok && hop.verdict != .redirect && hop.status == nil && !hop.message.isEmpty {
                    line += "  \(hop.message)"
                }
                lines.append(line)
            }
        }
        if let simulation = report.letsEncrypt {
            lines.append("")
            lines.append("Let's Encrypt: " + simulation.message)
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(Terminal.paint("note", .yellow) + ": " + note) }
        lines.append("")
        switch report.status {
        case .ok:
            lines.append(Terminal.paint("ok", .green) + ": every address (\(report.addresses.count)) serves the token the way a CA fetches it")
        case .failed:
            let failed = report.addresses.filter { !$0.passed }.count
            lines.append(Terminal.paint("FAILED", .red) + (report.addresses.isEmpty ? ": nothing to fetch from"
                : ": \(failed) of \(report.addresses.count) address(es) would fail validation"))
        case .error:
            lines.append(Terminal.paint("could not check", .red) + ": " + (report.resolution.error ?? "DNS failed"))
        }
        return lines.joined(separator: "\n")
    }

    private static func quote(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "\\\"") + "\""
    }
}
