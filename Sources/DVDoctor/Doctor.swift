import DVBasics
import DVCAA
import DVChecks
import DVDomain
import DVDNSSEC
import DVHTTPCheck
import DVMethod
import DVPath
import DVReport
import DVResolve
import DVSocket
import DVTLS
import DVTXT
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        /// The method the user will validate with (`--method`): a retired one is a problem of its own.
        public var method: DoctorMethod?
        /// dns-persist-01: what the standing record must say (needs `ca`).
        public var persist: PersistExpectation?
        /// The day the method's standing is judged on.
        public var today = CalendarDay(secondsSince1970: Int64(Date().timeIntervalSince1970))

        public init() {}
    }

    let resolve: ResolveChecker
    let caa: CAAChecker
    let http: HTTPChecker?
    /// Traces the CDN/WAF path on 443 (every address of the CNAME chain's last name, SNI = the domain).
    let path: PathTracer?
    /// Checks the dns-persist-01 record when `settings.persist` is set.
    let txt: TXTChecker?
    let settings: Settings
    /// Whether the CA connects to reserved addresses (see `ReservedAddressHandling`).
    let reservedAddresses: ReservedAddressHandling

    public init(resolve: ResolveChecker, caa: CAAChecker, http: HTTPChecker?, path: PathTracer? = nil, txt: TXTChecker? = nil,
                settings: Settings, reservedAddresses: ReservedAddressHandling) {
        self.reservedAddresses = reservedAddresses
        self.resolve = resolve
        self.caa = caa
        self.http = http
        self.path = path
        self.txt = txt
        self.settings = settings
    }

    /// Addresses whose ports doctor probes; a name with more is reported as not fully checked.
    static let maximumProbedAddresses = 16

    public func run(_ domain: DNSName, display: String? = nil) async -> DoctorReport {
        var items: [CheckItem] = []
        items += Self.nameItems(domain, publicSuffixes: reservedAddresses == .dropAsPublicCAsDo ? .bundled : nil)
        if let method = settings.method, let item = Self.methodItem(method, on: settings.today) { items.append(item) }
        if case let .acme(method)? = settings.method, let item = Self.wildcardItem(method, domain: domain) { items.append(item) }
        let dns = await resolve.check(domain, expected: settings.expected)
        items.append(Self.dnsItem(dns, domain: display ?? domain.description))
        let dnsOnly = DNSOnlyValidation(settings.method, domain: domain)
        if reservedAddresses == .dropAsPublicCAsDo, let item = Self.reservedItem(dns.servedAddresses, dnsOnly: dnsOnly != nil) {
            items.append(item)
        }
        var caaReport: CAAReport?
        if let ca = settings.ca {
            // CAA's validationmethods names the ACME method; accounturi (RFC 8657) is the plain account URL.
            let method: String? = if case let .acme(method)? = settings.method { method.rawValue } else { nil }
            let account = settings.persist?.accountURIs.first { $0.form == .plain }?.value
            caaReport = await caa.check(domain, ca: ca, accountURI: account, method: method)
            items.append(Self.caaItem(caaReport!))
            if let expectation = settings.persist, let txt, let name = Self.persistName(domain) {
                items.append(Self.persistItem(await txt.checkPersist(name, expecting: expectation, caName: ca.name), caName: ca.name,
                                              domain: display ?? domain.description))
            }
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
        var certificateNotAfter: Date?
        if let address = tlsAddress {
            let live = await liveCertificate(address, domain: domain)
            items += live.items
            var leavesNotAfter = [live.leafNotAfter].compactMap { $0 }
            if let path {
                let trace = await path.trace(domain, lookup: dns)
                items.append(Self.pathItem(trace))
                leavesNotAfter += trace.nodes.compactMap { $0.certificate?.notAfter }
            }
            // Every address the probe and the path trace reached: the leaf that runs out first breaks the site first.
            certificateNotAfter = leavesNotAfter.min()
        }
        if let certificate = settings.certificateFile {
            items += localFileItems(certificate, domain: domain)
        }
        if let path = settings.tokenPath, let http {
            items.append(Self.httpItem(await http.check(domain: domain.description), path: path))
        }
        if let dnsOnly {
            let onlyAddressesWrong = dnsOnly.onlyAddressesWrong(dns)
            items = items.map { dnsOnly.demoted($0, onlyAddressesWrong: onlyAddressesWrong) }
        }
        return DoctorReport(domain: domain.description, addresses: addresses.map(\.description), items: items,
                            status: .judge(failingRows: items.filter { $0.verdict == .problem }.count,
                                           uncheckedRows: items.filter { $0.verdict == .couldNotCheck }.count),
                            certificateNotAfter: certificateNotAfter)
    }

    /// The `name` row: a name the CA's policy refuses before any validation. A public CA's policy reads the public
    /// suffix list (`publicSuffixes`); a private world's CA (Pebble) has none (nil).
    static func nameItems(_ domain: DNSName, publicSuffixes: PublicSuffixList?) -> [CheckItem] {
        guard let refusal = IssuancePolicy.refusal(of: domain, publicSuffixes: publicSuffixes) else { return [] }
        return [CheckItem(id: "name", title: "A name CAs accept", verdict: .problem, detail: refusal.reason, fix: refusal.fix)]
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

    /// The served addresses public CAs drop (BR "Reserved IP Address"): with none left, a method that connects to
    /// the server cannot pass, though a DNS method still can. Nil when no address is reserved.
    static func reservedItem(_ served: [IPAddress], dnsOnly: Bool) -> CheckItem? {
        let reserved = served.reservedWithBlocks
        guard !reserved.isEmpty else { return nil }
        let title = "Addresses a CA can connect to"
        let listed = reserved.joined(separator: ", ")
        guard reserved.count == served.count else {
            return CheckItem(id: "reserved", title: title, verdict: .warning,
                             detail: "public CAs ignore the reserved \(listed) and connect only to the other addresses")
        }
        return CheckItem(id: "reserved", title: title, verdict: dnsOnly ? .warning : .problem,
                         detail: "every address is reserved: \(listed); public CAs never connect to reserved addresses, so "
                             + (dnsOnly ? "only DNS methods can validate this name" : "http-01 and tls-alpn-01 cannot pass (Let's Encrypt: \"no valid A records found\")"),
                         fix: dnsOnly ? nil : "Publish the address the internet reaches the server at, or validate with dns-01 (`--method dns-01`).")
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

    /// The `tls.*` items of the probe, and the served leaf's notAfter (nil when the handshake gave no certificate).
    private func liveCertificate(_ address: IPAddress, domain: DNSName) async -> (items: [CheckItem], leafNotAfter: Date?) {
        let probe = TLSProbe(ip: address.description, serverName: domain.description.withoutTrailingDot, domains: [domain.description.withoutTrailingDot],
                             timeout: settings.timeout)
        let trust = settings.trust
        let result: Result<TLSProbe.Report, TLSError> = await runOnThread { () -> Result<TLSProbe.Report, TLSError> in
            do throws(TLSError) { return .success(try probe.run(trust: trust)) } catch { return .failure(error) }
        }
        switch result {
        case let .success(report):
            let items = report.items.filter { $0.verdict != .info }.map { item in
                var item = item
                item.id = "tls." + item.id
                item.title = "Live certificate: " + item.title
                return item
            }
            // The server's first certificate is the leaf (as the probe judges it).
            return (items, report.certificates.first?.notAfter)
        case let .failure(error):
            return ([CheckItem(id: "tls", title: "TLS on \(address):443", verdict: .problem, detail: error.description,
                               fix: "Configure the web server to serve TLS with the certificate on port 443.")], nil)
        }
    }

    /// One item for the whole traffic path: which node (CDN edge, WAF, origin) serves another certificate, and the
    /// console action that fixes it. Nodes that did not answer are the ports items' business; here they only make
    /// the path unchecked when nothing else is wrong.
    static func pathItem(_ report: PathReport) -> CheckItem {
        let products = Set(report.nodes.compactMap { $0.product.map { "\($0.provider) \($0.product)" } }).sorted()
        let title = products.isEmpty ? "Traffic path: every node serves the certificate" : "Traffic path through \(products.joined(separator: ", "))"
        let failing = report.nodes.filter { $0.finding.isFailing }
        switch report.status {
        case .ok:
            return CheckItem(id: "path", title: title, verdict: .ok, detail: report.verdict)
        case .problem:
            let detail = failing.prefix(3).map { "\($0.label): \($0.finding.rawValue), \($0.detail)" }.joined(separator: "; ")
            return CheckItem(id: "path", title: title, verdict: .problem, detail: detail.ifEmpty(report.verdict),
                             fix: (failing.compactMap(\.advice).first ?? "Deploy the certificate on every node.")
                                + " `dvtool path \(report.domain)` shows every node.")
        case .error:
            return CheckItem(id: "path", title: title, verdict: .couldNotCheck, detail: report.verdict)
        }
    }

    private func localFileItems(_ certificate: String, domain: DNSName) -> [CheckItem] {
        var check = CertificateFileCheck(certificatePath: certificate)
        check.keyPath = settings.keyFile
        check.domains = [domain.description.withoutTrailingDot]
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
                             detail: (report.notes + report.addresses.filter { !$0.passed }.map { "\($0.address): \($0.message)" })
                                 .prefix(2).joined(separator: "; ").ifEmpty("at least one address does not serve the token"),
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
        let path = PathTracer(context: context, timeout: settings.timeout, trust: settings.trust)
        self.init(resolve: context.resolveChecker(), caa: context.caaChecker, http: http, path: path, txt: context.txtChecker,
                  settings: settings, reservedAddresses: context.reservedAddresses)
    }
}
