import DVBasics
import DVDNS
import DVSocket
import FoundationEssentials

public struct HTTPCheckSettings: Sendable {
    public var profile: CheckProfile = .letsencrypt
    /// URL path from `/` (query allowed).
    public var path: String
    /// The exact content (trailing whitespace is ignored on both sides); nil only checks status and size.
    public var expected: String?
    public var connectTimeout: Duration = .seconds(10)
    /// For the whole exchange on one connection, after connecting.
    public var exchangeTimeout: Duration = .seconds(10)
    public var maximumRedirects = 10
    /// The CA reads this many body bytes and fails when there are that many.
    public var bodyLimit = 128
    public var httpPort = 80
    public var httpsPort = 443
    public var userAgent = HTTPExchange.userAgent

    public init(path: String, expected: String? = nil, profile: CheckProfile = .letsencrypt) {
        self.path = path
        self.expected = expected
        self.profile = profile
    }

    /// A URL path as given, or a bare http-01 token as its path under /.well-known/acme-challenge/.
    public static func path(forTokenOrPath text: String) -> String {
        text.hasPrefix("/") ? text : "/.well-known/acme-challenge/" + text
    }

    /// The settings for a path or token and a body as a user gives them (`http-check --path --expect`): refuses a
    /// path that is not a URL path and a body a CA could never match.
    public init(tokenOrPath: String, expected: String?, profile: CheckProfile, timeout: Duration) throws(UserFailure) {
        let path = Self.path(forTokenOrPath: tokenOrPath)
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), !path.contains("#") else {
            throw UserFailure(.badInput, "--path must be a URL path of visible ASCII characters (percent-encode anything else)")
        }
        if let expected, expected.utf8.count >= 128 {
            throw UserFailure(.badInput, "--expect is \(expected.utf8.count) bytes; CAs fail bodies of 128 bytes or more, so it can never match")
        }
        self.init(path: path, expected: expected, profile: profile)
        (connectTimeout, exchangeTimeout) = (timeout, timeout)
    }
}

/// Fetches a token from every A and AAAA address of a domain the way a CA does and reports each hop.
public struct HTTPChecker: Sendable {
    public let settings: HTTPCheckSettings
    public let resolver: any HostResolver
    public let tls: (any TLSConnector)?

    public init(settings: HTTPCheckSettings, resolver: any HostResolver, tls: (any TLSConnector)?) {
        self.settings = settings
        self.resolver = resolver
        self.tls = tls
    }

    public func check(domain: String) async -> HTTPCheckReport {
        let host = domain.lowercased().withoutTrailingDot
        let start = Location(scheme: "http", host: host, port: settings.httpPort, target: settings.path)
        let resolution = await resolver.resolve(host)
        var report = HTTPCheckReport(domain: host, url: start.url(settings), profile: settings.profile, expected: settings.expected,
                                     resolution: resolution, addresses: [], letsEncrypt: nil, notes: [], verdict: .ok)
        if let error = resolution.error {
            report.verdict = .error
            report.notes.append("could not resolve \(host): \(error)")
            return report
        }
        let targets = Array(resolution.aaaa.prefix(8)) + Array(resolution.a.prefix(8))
        if targets.isEmpty {
            report.verdict = .failed
            let why = if let reserved = resolution.reserved {
                "every address of \(host) is reserved (\(Self.listed(reserved))): public CAs drop reserved addresses from the "
                    + "answer and never connect to them (Let's Encrypt: \"no valid A records found\"). Publish the address the "
                    + "internet reaches the server at, or validate with dns-01"
            } else if resolution.rcode == "NXDOMAIN" {
                "\(host) does not exist (NXDOMAIN): the CA cannot connect anywhere"
            } else {
                "\(host) has no A or AAAA record: the CA cannot connect anywhere"
            }
            report.notes.append(why)
            return report
        }
        if let reserved = resolution.reserved {
            report.notes.append("public CAs ignore the reserved addresses of \(host) (\(Self.listed(reserved))) and connect only to the others")
        }
        report.addresses = await withTaskGroup(of: (Int, AddressCheck).self) { group in
            for (index, address) in targets.enumerated() {
                group.addTask { (index, await walk(from: start, pinned: address)) }
            }
            var results: [(Int, AddressCheck)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        report.letsEncrypt = simulateLetsEncrypt(report.addresses, resolution: resolution)
        report.notes += explanations(report.addresses, resolution: resolution)
        report.verdict = report.addresses.allSatisfy(\.passed) ? .ok : .failed
        return report
    }

    // MARK: The walk from one address

    struct Location: Sendable, Equatable {
        var scheme: String
        var host: String
        var port: Int
        var target: String

        func url(_ settings: HTTPCheckSettings) -> String {
            let defaultPort = scheme == "https" ? 443 : 80
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "\(scheme)://\(shownHost)\(port == defaultPort ? "" : ":\(port)")\(target)"
        }
    }

    func walk(from start: Location, pinned: String) async -> AddressCheck {
        let family = pinned.contains(":") ? "IPv6" : "IPv4"
        var check = AddressCheck(address: pinned, family: family, verdict: .ok, message: "", body: nil, hops: [])
        var location = start
        var visited: Set<String> = []
        var redirects = 0
        func finish(_ verdict: CheckVerdict, _ message: String) -> AddressCheck {
            check.verdict = verdict
            check.message = message
            if var last = check.hops.popLast() {
                if last.verdict == .redirect || last.verdict == .ok { last.verdict = verdict; last.message = message }
                check.hops.append(last)
            }
            return check
        }
        while true {
            visited.insert(location.url(settings))
            // Which address: the one under test for the domain itself; for any other host the one Boulder dials:
            // it resolves the target again and uses its first AAAA (else its first A), with no fallback to IPv4
            // inside a redirect (va/http.go newHTTPValidationTarget; the one fallback retries the domain itself).
            let used: String
            var ipv4Left: String?
            if location.host == start.host {
                used = pinned
            } else {
                let resolved = await resolver.resolve(location.host)
                guard let first = resolved.aaaa.first ?? resolved.a.first else {
                    // A literal is refused as a redirect target, a name as a DNS answer with no valid address.
                    let verdict: CheckVerdict = IPAddress(location.host) != nil ? .badRedirect : .dnsFailed
                    check.hops.append(Hop(url: location.url(settings), address: nil, port: location.port, tls: nil, status: nil,
                                          reason: nil, location: nil, verdict: verdict, message: "", milliseconds: 0))
                    if let reserved = resolved.reserved {
                        return finish(verdict, "the redirect target \(location.host) is reserved (\(Self.listed(reserved))): public CAs never connect to reserved addresses")
                    }
                    return finish(verdict, "the redirect target \(location.host) does not resolve"
                                  + (resolved.error.map { ": \($0)" } ?? (resolved.rcode.map { " (\($0))" } ?? " (no A or AAAA record)")))
                }
                used = first
                ipv4Left = resolved.aaaa.isEmpty ? nil : resolved.a.first
            }
            let began = ContinuousClock.now
            var (outcome, tlsVersion) = await fetch(location, ip: used)
            let milliseconds = (ContinuousClock.now - began).inMilliseconds
            if case let .failure(failure) = outcome, let ipv4Left {
                outcome = .failure(FetchFailure(failure.kind, failure.message + "; Let's Encrypt uses the first AAAA address of a "
                                                + "redirect target and does not fall back to its IPv4 address \(ipv4Left)"))
            }
            var hop = Hop(url: location.url(settings), address: used, port: location.port, tls: tlsVersion, status: nil,
                          reason: nil, location: nil, verdict: .ok, message: "", milliseconds: milliseconds)
            let response: HTTPResponseSummary
            switch outcome {
            case let .failure(failure):
                let verdict: CheckVerdict = switch failure.kind {
                case .dial: .connectionFailed
                case .timeout: .timeout
                case .tls: .tlsFailed
                case .protocolError: .protocolError
                }
                hop.verdict = verdict
                hop.message = failure.message
                check.hops.append(hop)
                return finish(verdict, failure.message)
            case let .success(summary):
                response = summary
            }
            hop.status = response.status
            hop.reason = response.reason
            hop.location = response.location
            check.hops.append(hop)
            if let block = await icpBlock(response, url: location.url(settings), host: location.host, ip: used) {
                check.icpBlock = block
                return finish(.icpBlocked, "\(block.provider) blocks \(location.host) for lack of an ICP filing (备案): \(block.evidence); "
                              + "\(block.control). The CA sees this page, not your server: file the ICP record, or validate with dns-01")
            }

            if [301, 302, 307, 308].contains(response.status) {
                guard let target = response.location, !target.isEmpty else {
                    return finish(.badRedirect, "\(response.status) redirect without a Location header")
                }
                if redirects >= settings.maximumRedirects {
                    let loop = visited.count <= redirects ? " (a redirect loop)" : ""
                    return finish(.tooManyRedirects, "more than \(settings.maximumRedirects) redirects\(loop): CAs stop after \(settings.maximumRedirects)")
                }
                switch resolveRedirect(target, from: location) {
                case let .failure(problem):
                    return finish(.badRedirect, problem.message)
                case let .success(next):
                    redirects += 1
                    check.hops[check.hops.count - 1].verdict = .redirect
                    check.hops[check.hops.count - 1].message = "redirect \(redirects) → \(next.url(settings))"
                    location = next
                    continue
                }
            }
            if (300...399).contains(response.status) {
                let why = response.status == 303
                    ? "303 See Other is not followed: CAs follow only 301, 302, 307 and 308"
                    : "\(response.status) \(response.reason) is not a redirect CAs follow (only 301, 302, 307 and 308)"
                return finish(.badRedirect, why)
            }
            let statusOK = settings.profile == .letsencrypt ? response.status == 200 : (200...299).contains(response.status)
            check.body = Self.trimmed(response.body)
            guard statusOK else {
                let wanted = settings.profile == .letsencrypt ? "Let's Encrypt accepts only 200" : "the Baseline Requirements need a 2xx status"
                return finish(.badStatus, "\(response.status) \(response.reason): \(wanted)")
            }
            if response.bodyTooLarge {
                let size = response.contentLength.map { "\($0) bytes" } ?? "at least \(settings.bodyLimit) bytes"
                return finish(.bodyTooLarge, "the body is \(size); the CA reads \(settings.bodyLimit) bytes and fails at that size (serve only the token)")
            }
            let body = Self.trimmed(response.body)
            if let expected = settings.expected {
                let wanted = Self.trimmed(Array(expected.utf8))
                guard body.hasSameBytes(as: wanted) else {
                    return finish(.wrongContent, "content differs: got \(Self.quoted(body)), expected \(Self.quoted(wanted))")
                }
                return finish(.ok, "\(response.status) \(response.reason), content matches")
            }
            return finish(.ok, "\(response.status) \(response.reason), \(response.body.count) bytes: \(Self.quoted(body))")
        }
    }

    /// One GET on a thread of its own.
    /// A mainland provider's ICP block page instead of the site: recognised on the answer, then confirmed by the
    /// control (the same address asked with its own address as Host answers normally).
    func icpBlock(_ response: HTTPResponseSummary, url: String, host: String, ip: String) async -> ICPBlock? {
        guard ICPBlockPage.recognise(response) != nil, IPAddress(host) == nil else { return nil }
        let timeout = settings.connectTimeout
        return await runOnThread { ICPBlockPage.confirm(response, url: url, address: ip, timeout: timeout) }
    }

    func fetch(_ location: Location, ip: String) async -> (Result<HTTPResponseSummary, FetchFailure>, String?) {
        let settings = self.settings
        let tls = self.tls
        return await runOnThread {
            let deadline = ContinuousClock.now + settings.connectTimeout + settings.exchangeTimeout
            let stream: any ByteStream
            do {
                if location.scheme == "https" {
                    guard let tls else { throw FetchFailure(.tls, "HTTPS is not available in this build") }
                    let serverName = IPAddress(location.host) == nil ? location.host : nil
                    stream = try tls.connect(ip: ip, port: UInt16(location.port), serverName: serverName, timeout: settings.connectTimeout)
                } else {
                    stream = try PlainSocketStream(ip: ip, port: UInt16(location.port), connectTimeout: settings.connectTimeout, deadline: deadline)
                }
            } catch let failure as FetchFailure {
                return (.failure(failure), nil)
            } catch {
                return (.failure(FetchFailure(.dial, "\(error)")), nil)
            }
            defer { stream.close() }
            let request = HTTPExchange.request(host: location.host.contains(":") ? "[\(location.host)]" : location.host,
                                               port: location.port, defaultPort: location.scheme == "https" ? 443 : 80,
                                               target: location.target, userAgent: settings.userAgent)
            do throws(FetchFailure) {
                return (.success(try HTTPExchange.perform(stream, request: request, bodyLimit: settings.bodyLimit)), stream.tlsVersion)
            } catch {
                return (.failure(error), stream.tlsVersion)
            }
        }
    }

    // MARK: Helpers

    /// Body as text with trailing Unicode whitespace removed (Go's strings.TrimRightFunc(unicode.IsSpace)).
    static func trimmed(_ bytes: [UInt8]) -> String {
        var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// A body or header in a message: a JSON string literal, terminal-safe (a control byte from the network is
    /// shown as `\u…`, never sent to the screen), cut after 100 characters with "…".
    static func quoted(_ text: String) -> String {
        let limit = 100
        guard text.unicodeScalars.count > limit else { return JSONEscaping.quoted(text, style: .terminalSafe) }
        var shown = ""
        shown.unicodeScalars.append(contentsOf: text.unicodeScalars.prefix(limit))
        return JSONEscaping.quoted(shown, style: .terminalSafe).dropLast() + "…\""
    }

    static func quoted(_ bytes: [UInt8]) -> String { quoted(String(decoding: bytes, as: UTF8.self)) }

    /// "10.0.0.5: Private-Use, RFC 1918; fd00::5: Unique-Local, RFC 4193".
    static func listed(_ reserved: [ReservedAddress]) -> String {
        reserved.map { "\($0.address): \($0.reason)" }.joined(separator: "; ")
    }
}

/// How CA-style fetches reach servers (the resolver for the names, TLS for https hops), for callers that make
/// checkers for several paths: the hook gate's http-01 tokens, a perspective's requests.
public struct HTTPConnections: Sendable {
    public var resolver: any HostResolver
    public var tls: (any TLSConnector)?

    public init(resolver: any HostResolver, tls: (any TLSConnector)?) {
        self.resolver = resolver
        self.tls = tls
    }

    public func checker(_ settings: HTTPCheckSettings) -> HTTPChecker { HTTPChecker(settings: settings, resolver: resolver, tls: tls) }
}
