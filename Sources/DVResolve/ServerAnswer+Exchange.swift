import DVDNS

extension ServerAnswer {
    /// Reads one exchange into a row and gives it a verdict against `expected`.
    init(_ exchange: DNSExchange, server: String, zone: DNSName?, authoritativeCheck: Bool, expected: [IPAddress]) {
        let type = exchange.query.type
        self.init(name: exchange.query.name.description, server: server, address: exchange.server.description,
                  type: type.description, rcode: nil, authoritativeAnswer: nil, addresses: [], cnames: [], ttl: nil,
                  negativeTTL: nil, serial: nil,
                  rttMilliseconds: exchange.roundTripMilliseconds,
                  transport: exchange.transport.rawValue, error: nil, verdict: .unreachable)
        guard let message = exchange.message else {
            error = exchange.error?.description
            verdict = if case .rateLimited = exchange.error { .rateLimited } else { .unreachable }
            return
        }
        rcode = message.rcode.description
        authoritativeAnswer = message.authoritative
        let analysis = AnswerAnalysis(message, name: exchange.query.name, type: type, zone: zone)
        addresses = analysis.addresses.map(\.description)
        cnames = analysis.cnames.map(\.description)
        ttl = analysis.ttl
        negativeTTL = analysis.negativeTTL
        switch message.rcode {
        case .refused:
            verdict = .refused
            return
        case .servFail:
            verdict = .servfail
            return
        case .noError, .nxDomain:
            break
        default:
            verdict = .lame
            return
        }
        if authoritativeCheck && !message.authoritative {
            verdict = .lame
        } else if analysis.loops {
            verdict = .loop
        } else if message.rcode == .nxDomain {
            verdict = .nxdomain
        } else if analysis.addresses.isEmpty {
            let leftZone = zone.map { !analysis.finalName.isSubdomain(of: $0) } ?? false
            verdict = leftZone && !analysis.cnames.isEmpty ? .ok : .nodata
        } else {
            verdict = Self.matches(analysis.addresses, type: type, expected: expected) ? .ok : .mismatch
        }
    }

    /// With no expectation any answer is fine; otherwise the family's answer set must equal the expected one.
    static func matches(_ addresses: [IPAddress], type: RecordType, expected: [IPAddress]) -> Bool {
        guard !expected.isEmpty else { return true }
        let family = Set(expected.filter { $0.isIPv6 == (type == .aaaa) })
        return Set(addresses) == family
    }
}
