/// Why the servers of a zone could not be found.
public enum DiscoveryError: Error, Sendable, Hashable {
    /// No root server answered and no recursive resolver was available to fall back on.
    case rootUnreachable(failures: [String])
    /// Every server of `zone` failed while walking towards the name.
    case noServerAnswered(zone: DNSName, failures: [String])
    /// Servers of `zone` answered, but none of them serves it (REFUSED, SERVFAIL, no AA): a lame delegation.
    case lameDelegation(zone: DNSName, failures: [String])
    /// Delegations nested too deeply (glue-less NS names that need their own walks), or a referral loop.
    case tooDeep(DNSName)
}

extension DiscoveryError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .rootUnreachable(failures):
            "no root server answered (is outbound port 53 blocked?): " + failures.prefix(3).joined(separator: "; ")
        case let .noServerAnswered(zone, failures):
            "no server of zone \(zone) gave a usable answer: " + failures.prefix(4).joined(separator: "; ")
        case let .lameDelegation(zone, failures):
            "every server of zone \(zone) answers without serving it (lame delegation): " + failures.prefix(4).joined(separator: "; ")
                + "; fix the NS records at the registrar or load the zone on those servers"
        case let .tooDeep(name):
            "gave up walking the delegation for \(name): too many nested or looping referrals"
        }
    }
}
