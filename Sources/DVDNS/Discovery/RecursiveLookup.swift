/// One question to the recursive resolvers, as a CA's resolver would ask it: RD set, the resolvers in order, the
/// first that recurses and answers NOERROR or NXDOMAIN gives the answer. A server that does not recurse (RA clear,
/// e.g. an authoritative server given as --resolver) answers "nothing here" for names it does not serve: that is
/// not an answer, so it is refused with a note naming it, like a timeout or another resolver's SERVFAIL.
public struct RecursiveLookup: Sendable {
    public let client: DNSClient
    public let resolvers: [ServerAddress]
    public let policy: QueryPolicy

    public init(client: DNSClient, resolvers: [ServerAddress], policy: QueryPolicy) {
        (self.client, self.resolvers, self.policy) = (client, resolvers, policy)
    }

    /// The answering resolver's message, or one note per resolver that gave none.
    public enum Outcome: Sendable {
        case answered(DNSMessage, by: ServerAddress)
        case unanswered([String])
    }

    public func ask(_ name: DNSName, type: RecordType) async -> Outcome {
        var notes: [String] = []
        for resolver in resolvers {
            let exchange = await client.query(DNSQuery(name: name, type: type, recursionDesired: true), server: resolver, policy: policy)
            guard let message = exchange.message else {
                notes.append(exchange.error?.description ?? "\(resolver): no answer")
                continue
            }
            guard message.recursionAvailable else {
                notes.append(Self.notRecursive(resolver))
                continue
            }
            guard message.rcode == .noError || message.rcode == .nxDomain else {
                notes.append("\(resolver) answered \(message.rcode)")
                continue
            }
            return .answered(message, by: resolver)
        }
        return .unanswered(notes)
    }

    /// The note for a server that does not recurse.
    public static func notRecursive(_ resolver: ServerAddress) -> String {
        "\(resolver) does not recurse (RA flag clear); give a recursive resolver with --resolver"
    }
}
