import DVDNS

extension TXTReport.Row {
    init(_ exchange: DNSExchange, server: String, zone: DNSName?, expected: [String]) {
        self.init(name: exchange.query.name.description, server: server, address: exchange.server.description,
                  rcode: nil, authoritativeAnswer: nil, values: [], missing: expected, extra: [], cnames: [], ttl: nil,
                  negativeTTL: nil, serial: nil,
                  rttMilliseconds: exchange.roundTripMilliseconds,
                  error: nil, verdict: .unreachable)
        guard let message = exchange.message else {
            error = exchange.error?.description
            return
        }
        rcode = message.rcode.description
        authoritativeAnswer = message.authoritative
        switch message.rcode {
        case .noError, .nxDomain: break
        case .refused: verdict = .refused; return
        case .servFail: verdict = .servfail; return
        default: verdict = .lame; return
        }
        if zone != nil, !message.authoritative {
            verdict = .lame
            return
        }
        let followed = message.follow(from: exchange.query.name, type: .txt, within: zone)
        let (records, chain) = (followed.records, followed.cnames)
        cnames = chain.map(\.description)
        values = records.compactMap(\.joinedText)
        ttl = records.map(\.ttl).min()
        if values.isEmpty { negativeTTL = message.negativeCachingTTL }
        missing = expected.filter { !values.contains($0) }
        extra = expected.isEmpty ? [] : values.filter { !expected.contains($0) }
        let leftZone = zone.map { zone in chain.last.map { !$0.isSubdomain(of: zone) } ?? false } ?? false
        if leftZone && values.isEmpty {
            verdict = .cname
        } else if message.rcode == .nxDomain {
            verdict = .nxdomain
        } else if values.isEmpty {
            verdict = .nodata
        } else {
            verdict = missing.isEmpty ? .ok : .missing
        }
    }
}
