import DVDNS

extension ServerAnswer {
    /// Reads one exchange into a row and gives it a verdict against `expected`; `address` is `exchange.server` as
    /// rows show it.
    init(_ exchange: DNSExchange, server: String, address: String, zone: DNSName?, authoritativeCheck: Bool, expected: [IPAddress]) {
        let type = exchange.query.type
        self.init(name: exchange.query.name.description, server: server, address: address,
                  type: type.description, rcode: nil, authoritativeAnswer: nil, addresses: [], cnames: [], ttl: nil,
                  negativeTTL: nil, serial: nil,
                  rttMilliseconds: exchange.roundTripMilliseconds,
                  transport: exchange.transport.rawValue, error: nil, verdict: .unreachable)
        // Rows show what came back even when the server's reply does not count (lame, SERVFAIL).
        let analysis = exchange.message.map { AnswerAnalysis($0, name: exchange.query.name, type: type, zone: zone) }
        if let message = exchange.message, let analysis {
            rcode = message.rcode.description
            authoritativeAnswer = message.authoritative
            addresses = analysis.addresses.map(\.description)
            cnames = analysis.cnames.map(\.description)
            ttl = analysis.ttl
            negativeTTL = analysis.negativeTTL
        }
        let message: DNSMessage
        switch exchange.reply(requireAuthority: authoritativeCheck) {
        case .noReply:
            error = exchange.error?.description
            verdict = if case .rateLimited = exchange.error { .rateLimited } else { .unreachable }
            return
        case .refused: verdict = .refused; return
        case let .servfail(reply): verdict = .servfail; error = reply.servfailReason; return
        case .lame: verdict = .lame; return
        case let .answered(answer): message = answer
        }
        guard let analysis else { return }
        if analysis.loops {
            verdict = .loop
        } else if message.rcode == .nxDomain {
            verdict = .nxdomain
        } else if analysis.addresses.isEmpty {
            // A CNAME whose end this answer does not hold is a hop the chase follows (to another zone, or to a
            // sub-zone delegated from this one); only a name without one has no address here.
            verdict = zone != nil && !analysis.cnames.isEmpty ? .ok : .nodata
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
