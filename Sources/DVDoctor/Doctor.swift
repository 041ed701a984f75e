import DVBasics
import DVCAA
import DVChecks
import DVDNS
import DVDNSSEC
import DVHTTPCheck
import DVReport
import DVResolve
import DVSocket
import DVTLS
import DVTXT

/// Runs the troubleshooting checklist in order: DNS, CAA, ports 80 and 443, the live certificate,
/// the local certificate files, the HTTP file-validation path. Each item says ok / problem / could not check.
public struct Doctor: Sendable {
    public struct Settings: Sendable {
        public var expected: [IPAddress] = []
        public var ca: CertificateAuthority?
        public var certificateFile: String?
        public var keyFile: String?
        public var trust: TrustStore?
        /// An http-01 token or `/.well-known/…` path to fetch as a CA would, with the body it must return.
        public var tokenPath: String?
        public var tokenBody: String?
        public var timeout: Duration = .seconds(5)

        public init() {}
    }

    let resolve: ResolveChecker
    let caa: CAAChecker
    let http: HTTPChecker?
    let settings: Settings

    public init(resolve: ResolveChecker, caa: CAAChecker, http: HTTPChecker?, settings: Settings) {
        self.resolve = resolve
        self.caa = caa
        self.http = http
        self.settings = settings
    }

    /// Addresses whose ports doctor probes; a name with more is reported as not fully checked.
    static let maximumProbedAddresses = 16

    public func run(_ domain: DNSName, display: String? = nil) async -> DoctorReport {
        var items: [CheckItem] = []
        let dns = await resolve.check(domain, expected: settings.expected)
        items.append(Self.dnsItem(dns, domain: display ?? domain.description))
        var caaReport: CAAReport?
        if let ca = settings.ca {
            caaReport = await caa.check(domain, ca: ca)
            items.append(Self.caaItem(caaReport!))
        }
        if let dnssec = Self.dnssecItem((dns.dnssec ?? []) + (caaReport?.dnssec ?? [])) { items.append(dnssec) }
        let addresses = settings.expected.isEmpty ? dns.servedAddresses : settings.expected
        var tlsAddress: IPAddress?
        for port: UInt16 in [80, 443] {
            for address in addresses.prefix(Self.maximumProbedAddresses) {
                let item = await Self.portItem(address, port: port, timeout: settings.timeout)
                if port == 443, item.verdict == .ok, tlsAddress == nil { tlsAddress = address }
                items.append(item)
            }
        }
        if addresses.count > Self.maximumProbedAddresses {
            // A CA may pick any address: the ones left out are unknown, never silently fine.
            items.append(CheckItem(id: "ports", title: "Ports 80 and 443", verdict: .couldNotCheck,
                                   detail: "\(addresses.count - Self.maximumProbedAddresses) more addresses were not probed",
                                   fix: "Check the remaining addresses with `dvtool http-check` or `dvtool cert probe`."))
        }
        if addresses.isEmpty {
            items.append(dns.status == .error
                ? CheckItem(id: "ports", title: "Ports 80 and 443", verdict: .couldNotCheck,
                            detail: "no address to connect to: the name's addresses could not be looked up")
                : CheckItem(id: "ports", title: "Ports 80 and 443", verdict: .couldNotCheck,
                            detail: "no address to connect to: the name does not resolve",
                            fix: "Publish an A (and, if the server has IPv6, AAAA) record first."))
        }
        if let address = tlsAddress {
            items += await liveCertificateItems(address, domain: domain)
        }
        if let certificate = settings.certificateFile {
            items += localFileItems(certificate, domain: domain)
        }
        if let path = settings.tokenPath, let http {
            items.append(Self.httpItem(await http.check(domain: domain.description), path: path))
        }
        return DoctorReport(domain: domain.description, addresses: addresses.map(\.description), items: items,
                            status: .judge(failingRows: items.filter { $0.verdict == .problem }.count,
                                           uncheckedRows: items.filter { $0.verdict == .couldNotCheck }.count))
    }

    static func dnsItem(_ report: ResolveReport, domain: String) -> CheckItem {
        let errors = report.problems.filter { $0.severity == .error }
        switch report.status {
        case .ok:
            let addresses = report.servedAddresses.map(\.description).joined(separator: ", ")
            return CheckItem(id: "dns", title: "DNS points at the server", verdict: .ok,
                             detail: "every authoritative server answers \(addresses.isEmpty ? "consistently" : addresses)")
        case .problem:
            return CheckItem(id: "dns", title: "DNS points at the server", verdict: .problem,
                             detail: errors.prefix(3).map(\.message).joined(separator: "; "),
                             fix: "Fix the records at your DNS provider so every nameserver returns the server's address; `dvtool resolve \(domain)` shows each server's answer.")
        case .error:
            return CheckItem(id: "dns", title: "DNS points at the server", verdict: .couldNotCheck,
                             detail: errors.first?.message ?? "no authoritative server could be asked")
        }
    }

    /// The DNSSEC verdicts of the address and CAA lookups: every CA validates them since 2026-03-15.
    static func dnssecItem(_ summaries: [DNSSECSummary]) -> CheckItem? {
        guard !summaries.isEmpty else { return nil }
        let title = "DNSSEC validates"
        if let bogus = summaries.first(where: { $0.verdict == .bogus }) {
            return CheckItem(id: "dnssec", title: title, verdict: .problem,
                             detail: "\(bogus.name) \(bogus.type) is bogus at \(bogus.zone ?? "?"): \(bogus.reason ?? "")",
                             fix: (bogus.fix.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." } ?? "") + " `dvtool dnssec \(bogus.name) --type \(bogus.type)` shows the chain.")
        }
        if let unknown = summaries.first(where: { $0.verdict == .indeterminate }) {
            return CheckItem(id: "dnssec", title: title, verdict: .couldNotCheck,
                             detail: "\(unknown.name) \(unknown.type): \(unknown.reason ?? "the servers did not answer")")
        }
        let insecure = summaries.filter { $0.verdict == .insecure }
        return CheckItem(id: "dnssec", title: title, verdict: .ok,
                         detail: insecure.isEmpty ? "secure from the root to every answer (\(summaries.count) lookups)"
                             : "unsigned (insecure), which CAs accept: \(insecure[0].reason ?? "")")
    }

    static func caaItem(_ report: CAAReport) -> CheckItem {
        let title = "CAA allows \(report.ca.name)"
        switch (report.status, report.decision) {
        case (.ok, _):
            return CheckItem(id: "caa", title: title, verdict: .ok, detail: report.reason)
        case (.problem, .blocked):
            return CheckItem(id: "caa", title: title, verdict: .problem, detail: report.reason,
                             fix: "Add a CAA record for \(report.ca.issuerDomains[0]) at \(report.foundAt ?? report.domain), or remove the blocking one.")
        case (.problem, _):
            // The records are not the fault: DNSSEC fails for the lookup (the dnssec item says how to fix it).
            return CheckItem(id: "caa", title: title, verdict: .problem, detail: report.reason,
                             fix: "Fix DNSSEC for the CAA lookup; `dvtool caa \(report.domain) --ca \(report.ca.issuerDomains[0])` shows it.")
        case (.error, _):
            // Nothing was learnt about the records, so no change to them is advised.
            return CheckItem(id: "caa", title: title, verdict: .couldNotCheck, detail: report.reason)
        }
    }

    static func portItem(_ address: IPAddress, port: UInt16, timeout: Duration) async -> CheckItem {
        let ip = address.description
        let outcome: String? = await runOnThread { () -> String? in
            do throws(SocketError) {
                try BlockingTCPConnection.connect(ip: ip, port: port, deadline: .now + timeout).close()
                return nil
            } catch {
                return error.description
            }
        }
        let title = "Port \(port) open on \(ip)"
        guard let failure = outcome else { return CheckItem(id: "port-\(port)", title: title, verdict: .ok, detail: "TCP connection accepted") }
        let why = port == 80 ? "CAs fetch file-validation tokens over port 80 only" : "browsers and CAs' TLS checks connect to 443"
        return CheckItem(id: "port-\(port)", title: title, verdict: .problem, detail: failure,
                         fix: "Start the web server on port \(port) and open it in the firewall or security group (\(why)).")
    }

    private func liveCertificateItems(_ address: IPAddress, domain: DNSName) async -> [CheckItem] {
        let probe = TLSProbe(ip: address.description, serverName: domain.description.withoutTrailingDot, domains: [domain.description.withoutTrailingDot],
                             timeout: settings.timeout)
        let trust = settings.trust
        let result: Result<TLSProbe.Report, TLSError> = await runOnThread { () -> Result<TLSProbe.Report, TLSError> in
            do throws(TLSError) { return .success(try probe.run(trust: trust)) } catch { return .failure(error) }
        }
        switch result {
        case let .success(report):
            return report.items.filter { $0.verdict != .info }.map { item in
                var item = item
                item.id = "tls." + item.id
                item.title = "Live certificate: " + item.title
                return item
            }
        case let .failure(error):
            return [CheckItem(id: "tls", title: "TLS on \(address):443", verdict: .problem, detail: error.description,
                              fix: "Configure the web server to serve TLS with the certificate on port 443.")]
        }
    }

    private func localFileItems(_ certificate: String, domain: DNSName) -> [CheckItem] {
        let check = CertificateFileCheck(certificatePath: certificate, keyPath: settings.keyFile, domains: [domain.description.withoutTrailingDot])
        do {
            return try check.run(trust: settings.trust).items.filter { $0.verdict != .info }.map { item in
                var item = item
                item.id = "files." + item.id
                item.title = "Local files: " + item.title
                return item
            }
        } catch {
            return [CheckItem(id: "files", title: "Certificate files", verdict: .problem, detail: error.description,
                              fix: "Point --cert and --key at the PEM files the web server uses.")]
        }
    }

    static func httpItem(_ report: HTTPCheckReport, path: String) -> CheckItem {
        let title = "HTTP file validation (\(path))"
        switch report.status {
        case .ok:
            return CheckItem(id: "http", title: title, verdict: .ok, detail: "every address serves the expected token")
        case .problem:
            return CheckItem(id: "http", title: title, verdict: .problem,
                             detail: report.notes.prefix(2).joined(separator: "; ").ifEmpty("at least one address does not serve the token"),
                             fix: "Serve the token at \(report.url) on every address (`dvtool http-check` shows each hop; `dvtool serve` can serve it).")
        case .error:
            return CheckItem(id: "http", title: title, verdict: .couldNotCheck, detail: report.notes.joined(separator: "; "))
        }
    }
}

extension String {
    var dropLastDot: String { hasSuffix(".") ? String(dropLast()) : self }
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}

extension Doctor {
    /// The checklist on a check context's checkers; with `settings.tokenPath`, the http-01 fetch expects `tokenBody`.
    public init(context: CheckContext, settings: Settings, tokenBody: String?) {
        let http = settings.tokenPath.map { context.httpConnections.checker(HTTPCheckSettings(path: $0, expected: tokenBody)) }
        self.init(resolve: context.resolveChecker(), caa: context.caaChecker, http: http, settings: settings)
    }
}
