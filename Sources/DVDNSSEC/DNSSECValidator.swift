import DVDNS
import DVReport

/// Validates a name and type from a trust anchor down, zone cut by zone cut, as a validating resolver would,
/// and says at which link and why a chain fails. libldns does the cryptography; the walk over zone cuts and
/// the proofs of insecure delegations are here (ldns's own chain walk chops labels and cannot prove either).
public struct DNSSECValidator: Sendable {
    /// CNAME hops followed, as CAs follow them for `_acme-challenge` delegations.
    static let hopLimit = 8

    let fetch: ChainFetch
    let finder: AuthorityFinder
    let anchor: TrustAnchor

    /// - Parameter resolvers: where the chain's records are fetched when the zones' servers were found through
    ///   resolvers (the root out of reach from here); never asked otherwise.
    public init(client: DNSClient, finder: AuthorityFinder, policy: QueryPolicy, anchor: TrustAnchor, resolvers: [ServerAddress] = []) {
        fetch = ChainFetch(client: client, policy: policy, resolvers: resolvers)
        self.finder = finder
        self.anchor = anchor
    }

    public func validate(_ name: DNSName, type: RecordType, at moment: Int64) async -> DNSSECReport {
        var steps: [DNSSECStep] = []
        var current = name
        var visited: Set<DNSName> = [name]
        while true {
            let (chainSteps, target) = await validateChain(current, type: type, moment: UInt32(truncatingIfNeeded: moment))
            steps += chainSteps
            guard let target else { break }
            guard visited.insert(target).inserted, visited.count < Self.hopLimit else {
                // The name never resolves: no validator can vouch for it, and the CA's lookup fails.
                var step = DNSSECStep(kind: .answer, zone: chainSteps.last?.zone ?? .root, verdict: .indeterminate)
                step.name = target
                step.type = type.description
                step.failure = DNSSECFailure(code: 0, detail: "the CNAME chain from \(name) loops or is longer than \(Self.hopLimit) names",
                                             fix: "make the CNAME chain end in a record of the type asked")
                steps.append(step)
                break
            }
            current = target
        }
        let verdict = steps.map(\.verdict).max { $0.severity < $1.severity } ?? .indeterminate
        let problems = DNSSECProblems.from(steps, name: name, type: type, verdict: verdict)
        let status = CheckStatus.judge(problems: problems, failingRows: verdict == .bogus ? 1 : 0,
                                       uncheckedRows: verdict == .indeterminate ? 1 : 0)
        return DNSSECReport(name: name, type: type.description, validatedAt: ValidationMoment(secondsSince1970: moment), verdict: verdict,
                            steps: steps, problems: problems, status: status)
    }

    /// The steps from the anchor to `name`'s answer, and the CNAME target to follow when the answer is a CNAME.
    private func validateChain(_ name: DNSName, type: RecordType, moment: UInt32) async -> ([DNSSECStep], DNSName?) {
        guard name.isSubdomain(of: anchor.zone) else {
            var step = DNSSECStep(kind: .zone, zone: anchor.zone, verdict: .indeterminate)
            step.failure = DNSSECFailure(code: 5, detail: "\(name) is not below the trust anchor's zone \(anchor.zone)",
                                         fix: "give a trust anchor for the root or for a zone above \(name)")
            return ([step], nil)
        }
        let (chain, discoveryFailure) = await zoneCuts(above: name)
        guard chain.first?.zone == anchor.zone else {
            // The walk never reached the anchor's zone: nothing can be said, least of all "bogus".
            var step = DNSSECStep(kind: .zone, zone: anchor.zone, verdict: .indeterminate)
            step.failure = DNSSECFailure(code: 22, detail: "the zone cuts from \(anchor.zone) down to \(name) could not be found: \(discoveryFailure ?? "no answer")",
                                         fix: "make the servers of the zones above \(name) answer")
            return ([step], nil)
        }
        let fetched = await fetch.fetchAll(chain: chain, name: name, type: type)
        // Where the chain proves itself unsigned, an alias in the (unvalidated) answer is still followed: its target
        // may be signed, and broken.
        let aliasTarget = type == .cname ? nil : fetched.answer?.message?.answer.first { $0.name == name && $0.type == .cname }?.target
        let check = SignatureCheck(moment: moment)
        let zoneKeys = ZoneKeys(check: check)
        var steps: [DNSSECStep] = []
        var trustedKeys: [ResourceRecord] = []
        for (index, authority) in chain.enumerated() {
            let zone = authority.zone
            var step = DNSSECStep(kind: .zone, zone: zone, verdict: .secure)
            var trustedDS = anchor.records.filter { $0.type == .ds }
            if index > 0 {
                let reply = fetched.ds[zone]
                guard let message = reply?.message else {
                    steps.append(unreachable(step, asking: "DS of \(zone)", at: chain[index - 1].zone, reply: reply))
                    return (steps, nil)
                }
                let outcome = zoneKeys.delegation(to: zone, reply: message, parent: chain[index - 1].zone, parentKeys: trustedKeys, step: &step)
                guard let ds = outcome.trusted(ending: &step) else {
                    steps.append(step)
                    return (steps, step.verdict == .insecure ? aliasTarget : nil)
                }
                trustedDS = ds
            }
            let reply = fetched.keys[zone]
            guard let message = reply?.message else {
                var step = unreachable(step, asking: "DNSKEY of \(zone)", at: zone, reply: reply)
                // A zone the walk could not get past was never asked for its DNSKEY: say what failed instead.
                if authority.servers.isEmpty, let discoveryFailure {
                    step.failure?.error.extraText = "the delegation walk failed at \(zone): \(discoveryFailure)"
                } else if index == chain.count - 1, let discoveryFailure {
                    step.unreachable.append(discoveryFailure)
                }
                steps.append(step)
                return (steps, nil)
            }
            step.server = reply?.server
            step.unreachable = reply?.failures ?? []
            let anchored = index == 0 ? anchor.records.filter { $0.type == .dnskey } : []
            let outcome = zoneKeys.keys(of: zone, reply: message, trustedDS: trustedDS, anchoredKeys: anchored,
                                        anchorZone: index == 0 ? zone : nil, step: &step)
            guard let keys = outcome.trusted(ending: &step) else {
                steps.append(step)
                return (steps, step.verdict == .insecure ? aliasTarget : nil)
            }
            trustedKeys = keys
            steps.append(step)
        }
        guard let zone = chain.last?.zone else { return (steps, nil) }
        if type == .ds, name == zone, chain.count > 1, let cut = steps.last {
            // A zone's own DS lives in its parent: the delegation step above already validated it.
            var answer = DNSSECStep(kind: .answer, zone: chain[chain.count - 2].zone, verdict: .secure)
            answer.name = name
            answer.type = type.description
            answer.result = "DS " + cut.ds.joined(separator: ", ")
            steps.append(answer)
            return (steps, nil)
        }
        let (answer, target) = AnswerCheck(check: check).validate(name, type: type, zone: zone, keys: trustedKeys,
                                                                  reply: fetched.answer ?? fetched.ds[zone])
        steps.append(answer)
        return (steps, target)
    }

    private func unreachable(_ step: DNSSECStep, asking what: String, at zone: DNSName, reply: ChainFetch.Reply?) -> DNSSECStep {
        var step = step
        step.verdict = .indeterminate
        step.unreachable = reply?.failures ?? []
        step.failure = DNSSECFailure(code: 22, detail: "no server of \(zone) answered the \(what)",
                                     fix: "make \(zone)'s servers answer (they are unreachable, refuse or do not serve the zone)")
        return step
    }

    /// The zones from the anchor's down to the one that holds `name`. When the walk fails below some zone,
    /// the failing zone ends the list (with no servers) and the reason comes back too.
    private func zoneCuts(above name: DNSName) async -> ([ZoneAuthority], String?) {
        var chain: [ZoneAuthority] = []
        var failure: String?
        var next: DNSName? = name
        while let lookup = next {
            do {
                let authority = try await finder.authority(for: lookup)
                chain.insert(authority, at: 0)
                next = authority.zone == anchor.zone || authority.zone.isRoot ? nil : authority.zone.parent
            } catch {
                failure = error.description
                switch error {
                case let .lameDelegation(zone, _), let .noServerAnswered(zone, _):
                    guard !chain.contains(where: { $0.zone == zone }) else { next = nil; break }
                    chain.insert(ZoneAuthority(zone: zone, parentNameServers: [], childNameServers: [], servers: [],
                                               discovery: .delegation, unresolvedServers: [:]), at: 0)
                    next = zone.isRoot ? nil : zone.parent
                case .rootUnreachable, .tooDeep:
                    next = nil
                }
            }
        }
        return (chain.filter { $0.zone.isSubdomain(of: anchor.zone) }, failure)
    }
}

extension DNSSECVerdict {
    /// Which verdict wins when steps disagree (a CNAME into another zone): bogus, then no verdict, then unsigned.
    var severity: Int {
        switch self {
        case .secure: 0
        case .insecure: 1
        case .indeterminate: 2
        case .bogus: 3
        }
    }
}
