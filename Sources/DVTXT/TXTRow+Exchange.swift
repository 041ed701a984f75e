import DVDNS

extension TXTReport.Row {
    init(_ exchange: DNSExchange, server: String, zone: DNSName?, expected: [String]) {
        self.init(name: exchange.query.name.description, server: server, address: exchange.server.description,
                  rcode: nil, authoritativeAnswer: nil, values: [], missing: expected, extra: [], cnames: [], ttl: nil,
                  negativeTTL: nil, serial: nil,
                  rttMilliseconds: exchange.roundTripMilliseconds,
                  error: nil, verdict: .unreachable)
        rcode = exchange.message?.rcode.description
        authoritativeAnswer = exchange.message?.authoritative
        let message: DNSMessage
        switch exchange.reply(requireAuthority: zone != nil) {
        case .noReply:
            error = exchange.error?.description
            if case .rateLimited = exchange.error { verdict = .rateLimited }
            return
        case .refused: verdict = .refused; return
        case let .servfail(reply): verdict = .servfail; error = reply.servfailReason; return
        case .lame: verdict = .lame; return
        case let .answered(answer): message = answer
        }
        let followed = message.follow(from: exchange.query.name, type: .txt, within: zone)
        let (records, chain) = (followed.records, followed.cnames)
        cnames = chain.map(\.description)
        values = records.compactMap(\.joinedText)
        ttl = records.map(\.ttl).min()
        if values.isEmpty { negativeTTL = message.negativeCachingTTL }
        missing = expected.filter { !values.containsBytes(of: $0) }
        extra = expected.isEmpty ? [] : values.filter { !expected.containsBytes(of: $0) }
        // A CNAME whose end this answer does not hold (another zone, or a sub-zone delegated from this one, as
        // with acme-dns) is a hop: the chase asks the target's own servers.
        let hop = zone != nil && !chain.isEmpty && values.isEmpty && message.rcode == .noError
        if hop {
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
