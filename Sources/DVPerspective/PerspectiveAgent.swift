import DVBasics
import DVCAA
import DVChecks
import DVDNS
import DVHTTPCheck
import DVMethod
import DVTXT
import FoundationEssentials

/// One network perspective: answers Open MPIC check requests with dvtool's own checks, seen from where it runs.
/// DNS goes through this perspective's recursive resolvers, as a CA's remote validator's does; failures are worded
/// as Let's Encrypt words them, so `dvtool explain` and the coordinator's "During secondary validation:" read them.
public struct PerspectiveAgent: Sendable {
    public let code: String
    let client: DNSClient
    let resolvers: [ServerAddress]
    let policy: QueryPolicy
    let caa: CAAChecker
    /// How HTTP checks resolve and connect: through this perspective's resolvers.
    let http: HTTPConnections
    /// The primary's TXT check of every authoritative server (nil for a remote perspective).
    let everyServer: TXTChecker?

    /// A perspective asking through `context`'s resolvers (this network's), without DNSSEC of its own: the CA's
    /// resolvers validate, and a bogus answer reaches the agent as their SERVFAIL.
    ///
    /// - Parameter primary: the primary's TXT checks ask every authoritative server, as `txt` does, and fail when
    ///   one lacks the value: which server a CA's resolver asks is chance, so a pre-flight that sampled one could
    ///   promise what the CA refuses. With no resolvers (`--no-recursive`) that check is the only one.
    public init(code: String, context: CheckContext, primary: Bool = false) {
        self.code = code
        client = context.client
        resolvers = context.resolvers
        policy = context.policy
        caa = CAAChecker(client: client, finder: context.finder, resolvers: resolvers, policy: policy)
        http = context.httpConnections
        everyServer = primary ? context.txtChecker : nil
    }

    public func check(_ request: MPICRequest) async -> MPICResponse {
        let kind = request.kind
        let target = request.domainOrIPTarget.withoutTrailingDot
        let (passed, errors, details): (Bool, [MPICResponse.MPICError], MPICResponse.Details)
        switch (kind, request.dcvCheckParameters, request.caaCheckParameters) {
        case let (.dcv, dcv?, _): (passed, errors, details) = await dcvCheck(target, dcv)
        case let (.caa, _, caaParameters?): (passed, errors, details) = await caaCheck(target, caaParameters)
        default:
            (passed, errors, details) = (false, [.init("mpic_error:malformed", "a \(kind.rawValue) request needs \(kind.rawValue)_check_parameters")], .init())
        }
        return MPICResponse(perspectiveCode: code, checkType: kind, checkPassed: passed, errors: errors, details: details,
                            timestampNanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
    }

    private func dcvCheck(_ target: String, _ parameters: MPICRequest.DCVParameters) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        // A check without the value it looks for would pass on anything.
        let method = ValidationMethod(openMPICName: parameters.validationMethod)
        let needed: [(String, String?)] = switch method {
        case .dns01?: [("key_authorization_hash", parameters.keyAuthorizationHash)]
        case .dnsChange?: [("challenge_value", parameters.challengeValue)]
        case .http01?: [("token", parameters.token), ("key_authorization", parameters.keyAuthorization)]
        case .websiteChange?: [("http_token_path", parameters.httpTokenPath), ("challenge_value", parameters.challengeValue)]
        case .dnsAccount01?: [("key_authorization_hash", parameters.keyAuthorizationHash), ("dvtool_account_url", parameters.accountURL)]
        case .dnsPersist01?: [("issuer_domain_names", parameters.issuerDomainNames?.first), ("expected_account_uri", parameters.expectedAccountURI)]
        default: []
        }
        if let missing = needed.first(where: { $0.1?.isEmpty ?? true }) {
            return (false, [.init("mpic_error:malformed", "\(parameters.validationMethod) needs \(missing.0)")], .init())
        }
        switch method {
        case .dns01?:
            return await dnsCheck("\(ValidationMethod.dns01.dnsLabel ?? "").\(target)", type: .txt, expected: parameters.keyAuthorizationHash ?? "", exact: true)
        case .dnsChange?:
            let prefix = parameters.dnsNamePrefix ?? ""
            let type = RecordType(mnemonic: parameters.dnsRecordType ?? "TXT") ?? .txt
            return await dnsCheck(prefix.isEmpty ? target : prefix + "." + target, type: type, expected: parameters.challengeValue ?? "",
                                  exact: parameters.requireExactMatch ?? false)
        case .http01?:
            return await httpCheck(target, path: (ValidationMethod.http01.httpPathPrefix ?? "") + (parameters.token ?? ""), expected: parameters.keyAuthorization)
        case .websiteChange?:
            return await httpCheck(target, path: (ValidationMethod.websiteChange.httpPathPrefix ?? "") + (parameters.httpTokenPath ?? ""), expected: parameters.challengeValue)
        case .dnsAccount01?:
            return await accountCheck(target, expected: parameters.keyAuthorizationHash ?? "", accountURL: parameters.accountURL ?? "")
        case .dnsPersist01?:
            return await persistCheck(target, issuerDomains: parameters.issuerDomainNames ?? [], accountURI: parameters.expectedAccountURI ?? "")
        default:
            return (false, [.init("mpic_error:malformed", "validation method \(parameters.validationMethod) is not supported")], .init())
        }
    }

    private static func matches(_ value: String, expected: String, exact: Bool) -> Bool {
        exact ? value.hasSameBytes(as: expected) : value.contains(expected) || value.withoutTrailingDot == expected.withoutTrailingDot
    }

    /// A server as the primary's failures name it: `ns1.example.test (127.53.1.1)`, or `resolver ADDRESS`.
    static func serverName(_ server: String, _ address: String) -> String {
        server == "resolver" ? "resolver \(address)" : "\(server.withoutTrailingDot) (\(address))"
    }

    /// The primary's TXT check: the value on every authoritative server (and resolver, if any), or which lacks it.
    private func everyServerCheck(_ checker: TXTChecker, _ name: DNSName, expected: String, exact: Bool) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        let report = await checker.check(name, expected: exact ? [expected] : [])
        var details = MPICResponse.Details()
        details.foundAt = report.effectiveName.withoutTrailingDot
        details.cnameChain = report.cnameChain
        let rows = report.authoritative.filter { $0.verdict != .cname } + report.recursive
        details.recordsSeen = Array(Set(rows.flatMap(\.values))).sorted()
        let lacking = rows.filter { row in row.verdict != .rateLimited && !row.values.contains { Self.matches($0, expected: expected, exact: exact) } }
        guard report.status != .error || !lacking.isEmpty, !report.authoritative.isEmpty else {
            let reason = report.problems.first?.message ?? "no authoritative server could be asked"
            return (false, [.init("dcv:dns", "DNS problem: could not check every authoritative server of \(details.foundAt ?? name.description): \(reason)")], details)
        }
        guard let first = lacking.first else { return (true, [], details) }
        let servers = lacking.map { Self.serverName($0.server, $0.address) }
        let seen = first.values.isEmpty ? (first.error ?? first.rcode ?? "no TXT record") : "\"\(first.values[0])\""
        return (false, [.init("dcv:dns", "Incorrect TXT record at \(details.foundAt ?? name.description) on \(servers.joined(separator: ", ")): "
            + "\(seen) (a CA's resolver that asks \(lacking.count == 1 ? "that server" : "those servers") fails)")], details)
    }

    /// The lookup a CA's resolver makes, judged as Boulder judges it.
    func dnsCheck(_ name: String, type: RecordType, expected: String, exact: Bool) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        let shown = name.withoutTrailingDot
        guard let dnsName = try? DNSName(name) else { return (false, [.init("dcv:malformed", "\(name) is not a domain name")], .init()) }
        if type == .txt, let everyServer { return await everyServerCheck(everyServer, dnsName, expected: expected, exact: exact) }
        let (values, failure, details) = await resolverLookup(dnsName, type: type)
        guard let values else { return (false, failure.map { [$0] } ?? [], details) }
        if values.contains(where: { Self.matches($0, expected: expected, exact: exact) }) { return (true, [], details) }
        if values.isEmpty { return (false, [.init("dcv:dns", "No \(type) record found at \(shown)")], details) }
        let more = values.count > 1 ? " (and \(values.count - 1) more)" : ""
        return (false, [.init("dcv:dns", "Incorrect \(type) record \"\(values[0])\"\(more) found at \(shown)")], details)
    }

    /// The records of `type` at `name` from the first resolver that answers (CNAMEs followed by it), or the failure
    /// in Boulder's words: NXDOMAIN, another rcode, or no resolver answering.
    func resolverLookup(_ name: DNSName, type: RecordType) async -> ([String]?, MPICResponse.MPICError?, MPICResponse.Details) {
        var details = MPICResponse.Details()
        let shown = name.description.withoutTrailingDot
        var failures: [String] = []
        for resolver in resolvers {
            let exchange = await client.query(DNSQuery(name: name, type: type, recursionDesired: true), server: resolver, policy: policy)
            guard let message = exchange.message else { failures.append(exchange.error?.description ?? "no answer"); continue }
            // Boulder's words come from the first resolver's rcode (SERVFAIL included), but a server that does not
            // recurse answers for nobody: RecursiveLookup's rule, and its note.
            guard message.recursionAvailable else { failures.append(RecursiveLookup.notRecursive(resolver)); continue }
            details.responseCode = Int(message.rcode.rawValue)
            details.adFlag = message.authenticData
            switch message.rcode {
            case .nxDomain:
                return (nil, .init("dcv:dns", "DNS problem: NXDOMAIN looking up \(type) for \(shown) - check that a DNS record exists for this domain"), details)
            case .noError: break
            default:
                let reason = message.servfailReason.map { ": " + $0 } ?? ""
                return (nil, .init("dcv:dns", "DNS problem: \(message.rcode) looking up \(type) for \(shown) - the domain's nameservers may be malfunctioning\(reason)"), details)
            }
            details.cnameChain = message.answer.filter { $0.type == .cname }.compactMap { $0.target?.description }
            let values = message.answer.filter { $0.type == type }.map { $0.joinedText ?? $0.data.description }
            details.recordsSeen = values
            details.foundAt = shown
            return (values, nil, details)
        }
        return (nil, .init("dcv:dns", "DNS problem: query timed out looking up \(type) for \(shown)" + (failures.isEmpty ? "" : " (\(failures.joined(separator: "; ")))")), details)
    }

    /// The fetch a CA makes, from every address of the name; the first failure worded as Boulder words it.
    private func httpCheck(_ target: String, path: String, expected: String?) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        let report = await http.checker(HTTPCheckSettings(path: path, expected: expected)).check(domain: target)
        var details = MPICResponse.Details()
        details.responseURL = report.url
        let last = report.addresses.first?.hops.last
        details.responseStatusCode = last?.status
        details.responsePage = report.addresses.first?.body.map { Data($0.utf8.prefix(100)).base64EncodedString() }
        guard report.status != .ok else { return (true, [], details) }
        guard let failed = report.addresses.first(where: { !$0.passed }), let hop = failed.hops.last else {
            return (false, [.init("dcv:http", "no valid A records found for \(target); no valid AAAA records found for \(target)")], details)
        }
        let message: String
        switch hop.verdict {
        case .connectionFailed: message = "\(failed.address): Fetching \(hop.url): Connection refused"
        case .timeout: message = "\(failed.address): Fetching \(hop.url): Timeout during connect (likely firewall problem)"
        case .wrongContent:
            message = "\(failed.address): The key authorization file from the server did not match this challenge. Expected \"\(expected ?? "")\" (got \"\(failed.body ?? "")\")"
        default: message = "\(failed.address): Invalid response from \(hop.url): \(hop.status.map(String.init) ?? hop.message)"
        }
        return (false, [.init("dcv:http", message)], details)
    }

    private func caaCheck(_ target: String, _ parameters: MPICRequest.CAAParameters) async -> (Bool, [MPICResponse.MPICError], MPICResponse.Details) {
        guard let name = try? DNSName(target), let first = parameters.caaDomains.first else {
            return (false, [.init("mpic_error:malformed", "a CAA check needs a domain and caa_domains")], .init())
        }
        let report = await caa.check(name, ca: CertificateAuthority(name: first, issuerDomains: parameters.caaDomains))
        var details = MPICResponse.Details()
        details.caaRecordPresent = report.foundAt != nil
        details.foundAt = report.foundAt
        details.recordsSeen = report.relevantRecords
        switch report.decision {
        case .allowed: return (true, [], details)
        case .blocked: return (false, [.init("caa:blocked", "CAA record for \(report.foundAt ?? target) prevents issuance")], details)
        case .lookupFailed: return (false, [.init("caa:lookup", report.reason)], details)
        }
    }
}

extension PerspectiveAgent {
    /// The answer to one line of `dvtool agent --stdio`: the check's response, or a failed one for a line that is
    /// not a request (the coordinator counts it as this perspective failing); nil for a blank line.
    public func answer(line: String) async -> MPICResponse? {
        guard !line.trimmingWhitespace().isEmpty else { return nil }
        guard let request = try? JSONDecoder().decode(MPICRequest.self, from: Data(line.utf8)) else {
            return MPICResponse(perspectiveCode: code, checkType: .dcv, checkPassed: false,
                                errors: [.init("mpic_error:malformed", "the line is not an Open MPIC DCV or CAA request")],
                                details: .init(), timestampNanoseconds: 0)
        }
        return await check(request)
    }
}
