/// Following a CNAME chain across zones, as resolvers do: the one hop limit and loop check of every check
/// that follows chains (resolve, txt, caa). Feed it each zone's hops; it says where to ask next.
public struct CNAMEChase: Sendable {
    /// Zones a chain may cross before resolvers give up (Unbound and BIND stop at about this many).
    public static let maximumZones = 8

    public enum Step: Sendable, Equatable {
        /// Ask the zone of this name next.
        case next(DNSName)
        /// A name came back around.
        case loop
        /// More zones than resolvers follow.
        case tooLong
        /// The answer named no usable target (an unparsable CNAME): nothing to follow.
        case noTarget
    }

    public let start: DNSName
    /// Every CNAME target so far, in order.
    public private(set) var chain: [DNSName] = []
    private var zonesCrossed = 0

    public init(from start: DNSName) { self.start = start }

    /// Takes the hops one zone's answer gave (in order) and says whether and where the chase goes on.
    public mutating func follow(_ hops: [DNSName]) -> Step {
        guard !hops.isEmpty else { return .noTarget }
        for hop in hops {
            if hop == start || chain.contains(hop) {
                chain.append(hop)
                return .loop
            }
            chain.append(hop)
        }
        zonesCrossed += 1
        return zonesCrossed >= Self.maximumZones ? .tooLong : .next(chain[chain.count - 1])
    }

    /// Why the chase stopped, in the words a problem gives; nil for `.next`.
    public func stopReason(_ step: Step) -> String? {
        switch step {
        case .next:
            nil
        case .loop:
            "CNAME loop: " + ([start] + chain).map(\.description).joined(separator: " → ")
                + "; resolvers answer SERVFAIL. Point one of these names at an address or a name outside the loop"
        case .tooLong:
            "the CNAME chain of \(start) crosses more than \(Self.maximumZones) zones; resolvers give up on such chains"
        case .noTarget:
            "a CNAME in the chain of \(start) has no valid target name; resolvers fail on it"
        }
    }
}
