import DVDNS

/// One lookup as a CA's resolver would do it: through the recursive resolvers, or, with none
/// configured, through the authoritative servers with CNAMEs followed by hand.
struct DNSLookup: Sendable {
    let client: DNSClient
    let finder: AuthorityFinder
    let resolvers: [ServerAddress]
    let policy: QueryPolicy

    struct Result: Sendable {
        var rcode: ResponseCode?
        /// Records of the asked type at the end of the CNAME chain.
        var records: [ResourceRecord]
        var cnames: [DNSName]
        /// Which server answered, or what failed.
        var via: String
        var error: String?
    }

    func lookup(_ name: DNSName, type: RecordType) async -> Result {
        resolvers.isEmpty ? await authoritative(name, type: type) : await recursive(name, type: type)
    }

    private func recursive(_ name: DNSName, type: RecordType) async -> Result {
        // A non-recursing server's "nothing here" is not "no CAA record": RecursiveLookup refuses it.
        switch await RecursiveLookup(client: client, resolvers: resolvers, policy: policy).ask(name, type: type) {
        case let .answered(message, resolver):
            let followed = message.follow(from: name, type: type)
            return Result(rcode: message.rcode, records: followed.records, cnames: followed.cnames, via: "resolver \(resolver)", error: nil)
        case let .unanswered(notes):
            return Result(rcode: nil, records: [], cnames: [], via: "resolvers", error: notes.joined(separator: "; "))
        }
    }

    private func authoritative(_ name: DNSName, type: RecordType) async -> Result {
        var current = name
        var chase = CNAMEChase(from: name)
        var chain: [DNSName] { chase.chain }
        while true {
            let authority: ZoneAuthority
            do {
                authority = try await finder.authority(for: current)
            } catch {
                return Result(rcode: nil, records: [], cnames: chain, via: "authoritative", error: error.description)
            }
            var answered: (DNSMessage, ServerAddress)?
            var failures: [String] = []
            for address in authority.servers.flatMap(\.addresses) {
                let exchange = await client.query(DNSQuery(name: current, type: type), server: ServerAddress(ip: address), policy: policy)
                if let message = exchange.message, message.authoritative, message.rcode == .noError || message.rcode == .nxDomain {
                    answered = (message, ServerAddress(ip: address))
                    break
                }
                failures.append(exchange.error?.description ?? "\(address) answered \(exchange.message!.rcode) without authority")
            }
            guard let (message, server) = answered else {
                return Result(rcode: .servFail, records: [], cnames: chain, via: "authoritative",
                              error: "no authoritative server of \(authority.zone) answered: " + failures.joined(separator: "; "))
            }
            let followed = message.follow(from: current, type: type, within: authority.zone)
            let (records, cnames) = (followed.records, followed.cnames)
            if !records.isEmpty || cnames.isEmpty || message.rcode == .nxDomain {
                return Result(rcode: message.rcode, records: records, cnames: chain + cnames, via: "\(server) (authoritative)", error: nil)
            }
            let step = chase.follow(cnames)
            guard case let .next(target) = step else {
                return Result(rcode: .servFail, records: [], cnames: chain, via: "authoritative", error: chase.stopReason(step))
            }
            current = target
        }
    }
}
