import DVDNS

/// The replies a chain needs, asked all at once: each zone's DNSKEY set, the DS of each zone below the root,
/// and the answer. Validation then runs over them in chain order without waiting on the network again.
struct ChainFetch: Sendable {
    /// One question put to a zone's servers in turn until one gives an authoritative reply.
    struct Reply: Sendable {
        var type: RecordType
        var name: DNSName
        var message: DNSMessage?
        var server: String?
        var failures: [String]
    }

    let client: DNSClient
    let policy: QueryPolicy
    /// Asked when a zone's servers were found through them (the root out of reach from here): with CD set, for the
    /// records and signatures as served, which are validated here as if an authoritative server had sent them.
    let resolvers: [ServerAddress]

    func ask(_ name: DNSName, _ type: RecordType, of authority: ZoneAuthority) async -> Reply {
        var failures: [String] = []
        let query = DNSQuery(name: name, type: type, dnssecOK: true)
        let names = Dictionary(authority.servers.flatMap { server in server.addresses.map { (ServerAddress(ip: $0), server.name) } }) { first, _ in first }
        // Answering, fast servers first: a silent one costs the whole timeout.
        for (index, address) in client.preferredOrder(Array(names.keys)).enumerated() {
            let exchange = await client.query(query, server: address, policy: policy.asking(index, of: names.count))
            switch exchange.reply(requireAuthority: true) {
            case let .answered(message):
                return Reply(type: type, name: name, message: message, server: "\(names[address]!) \(address.ip)", failures: failures)
            case .noReply:
                failures.append("\(address.ip): \(exchange.error?.description ?? "no reply")")
            case let .refused(message), let .servfail(message), let .lame(message):
                failures.append("\(address.ip): \(message.rcode)\(message.authoritative ? "" : " without AA")")
            }
        }
        guard authority.discovery == .recursive else { return Reply(type: type, name: name, message: nil, server: nil, failures: failures) }
        let throughResolver = DNSQuery(name: name, type: type, recursionDesired: true, checkingDisabled: true, dnssecOK: true)
        for resolver in resolvers {
            let exchange = await client.query(throughResolver, server: resolver, policy: policy)
            if case let .answered(message) = exchange.reply(requireAuthority: false) {
                return Reply(type: type, name: name, message: message, server: "resolver \(resolver) (\(authority.zone)'s servers out of reach)",
                             failures: failures)
            }
            failures.append("resolver \(resolver): \(exchange.error?.description ?? exchange.message.map { "\($0.rcode)" } ?? "no reply")")
        }
        return Reply(type: type, name: name, message: nil, server: nil, failures: failures)
    }

    /// DNSKEY of every zone, DS of every zone but the first (asked of its parent), and the answer (of the last).
    /// Replies are matched to their questions by name and type, never by the order they finish in.
    func fetchAll(chain: [ZoneAuthority], name: DNSName, type: RecordType) async -> Fetched {
        await withTaskGroup(of: Reply.self) { group in
            for (index, zone) in chain.enumerated() {
                group.addTask { await ask(zone.zone, .dnskey, of: zone) }
                if index > 0 { group.addTask { await ask(zone.zone, .ds, of: chain[index - 1]) } }
            }
            // A DS lives in the parent: asking for a zone's own DS is the chain's DS question already.
            if let last = chain.last, !(type == .ds && name == last.zone && chain.count > 1) {
                group.addTask { await ask(name, type, of: last) }
            }
            var fetched = Fetched()
            for await reply in group {
                if reply.name == name && reply.type == type { fetched.answer = reply }
                if reply.type == .dnskey {
                    fetched.keys[reply.name] = reply
                } else if reply.type == .ds {
                    fetched.ds[reply.name] = reply
                }
            }
            return fetched
        }
    }

    struct Fetched: Sendable {
        var keys: [DNSName: Reply] = [:]
        var ds: [DNSName: Reply] = [:]
        var answer: Reply?
    }
}
