import DVDNS

/// The fake world's stand-in for its Unbound at 127.53.53.53: it iterates from the root through the fake
/// authorities themselves (in-process, no packets), skipping servers that are dead or refuse the zone, follows
/// CNAMEs across zones, and answers SERVFAIL when no server of a zone answers or a chain loops. It caches as Unbound
/// does (`FakeResolverCache`) but does not validate (with DO it passes the servers' signatures and proofs on, as
/// Unbound does for CD, never setting AD); the lagging cases (auth1 and auth2 differ) always come from the first
/// server that answers.
struct FakeResolver: Sendable {
    let rootServers: [IPAddress]
    let authorities: [IPAddress: FakeAuthority]

    private static let maximumSteps = 24

    func answer(_ name: DNSName, _ type: RecordType, dnssecOK: Bool = false) -> WireAnswer {
        FakeResolverCache.answer(name, type, dnssecOK: dnssecOK) { resolve(name, type, dnssecOK: dnssecOK) }
    }

    private func resolve(_ name: DNSName, _ type: RecordType, dnssecOK: Bool) -> WireAnswer {
        var chain: [ResourceRecord] = []
        var current = name
        var steps = 0
        while steps < Self.maximumSteps {
            guard var reply = iterate(current, type, dnssecOK: dnssecOK, steps: &steps) else {
                return WireAnswer(rcode: .servFail, recursionAvailable: true)
            }
            chain += reply.answer
            // Where the chain the server gave ends: data of the type, a loop, or a target it left to others.
            var end = current
            var seen: Set<DNSName> = [end]
            while let cname = chain.last(where: { $0.name == end && $0.type == .cname }), let target = cname.target {
                guard seen.insert(target).inserted else { return WireAnswer(rcode: .servFail, recursionAvailable: true) }
                end = target
            }
            let done = end == current && reply.answer.isEmpty
                || chain.contains { $0.name == end && $0.type == type }
                || reply.rcode != .noError || reply.authority.contains { $0.type == .soa }
            if done {
                reply.answer = chain
                reply.authoritative = false
                reply.recursionAvailable = true
                reply.additional = []
                return reply
            }
            current = end
        }
        return WireAnswer(rcode: .servFail, recursionAvailable: true)
    }

    /// The answer of the zone's servers for `name`, from the root down: nil when every server of some zone on the
    /// way failed.
    private func iterate(_ name: DNSName, _ type: RecordType, dnssecOK: Bool = false, steps: inout Int) -> WireAnswer? {
        var servers = rootServers
        while steps < Self.maximumSteps {
            steps += 1
            guard let reply = servers.lazy.compactMap({ self.authorities[$0]?.answer(name, type, dnssecOK: dnssecOK) })
                .first(where: { $0.rcode != .refused }) else { return nil }
            let delegation = reply.authority.filter { $0.type == .ns }
            guard !reply.authoritative, !delegation.isEmpty else { return reply }
            servers = delegation.compactMap(\.target).flatMap { target in
                let glue = reply.additional.filter { $0.name == target }.compactMap(\.address)
                return glue.isEmpty ? addresses(of: target, steps: &steps) : glue
            }
        }
        return nil
    }

    private func addresses(of server: DNSName, steps: inout Int) -> [IPAddress] {
        iterate(server, .a, steps: &steps)?.answer.compactMap(\.address) ?? []
    }
}
