import DVBasics
import DVChecks
import DVDomain
import DVHTTPCheck
import DVReport
import DVResolve
import DVSocket
import DVTLS
import FoundationEssentials

/// `dvtool path`: follows the domain's CNAME chain on its authoritative servers, names the product at each
/// name, connects to every address of the chain's last name and of each --hop and --origin with the domain as
/// SNI and Host, and says which node serves the wrong certificate.
public struct PathTracer: Sendable {
    public var context: CheckContext
    public var table: ProviderTable
    public var port: UInt16
    public var timeout: Duration
    public var trust: TrustStore?
    public var now: Date

    public init(context: CheckContext, table: ProviderTable = .builtIn, port: UInt16 = 443, timeout: Duration = .seconds(5),
                trust: TrustStore?, now: Date = Date()) {
        self.context = context
        self.table = table
        self.port = port
        self.timeout = timeout
        self.trust = trust
        self.now = now
    }

    /// A node to connect to, before connecting.
    private struct Target: Sendable {
        var role: PathNode.Role
        var name: String?
        var address: String
        var product: ProductIdentification?
    }

    /// `lookup`: the domain's address check when the caller has made it already (doctor), so the delegation walk
    /// is not made twice.
    public func trace(_ domain: DNSName, hops: [DNSName] = [], origins: [IPAddress] = [], lookup: ResolveReport? = nil) async -> PathReport {
        let ascii = domain.description.withoutTrailingDot.lowercased()
        let resolved = if let lookup { resolved(domain, from: lookup) } else { await resolve(domain) }
        var targets = resolved.addresses.map { Target(role: .edge, name: resolved.chain.last?.name, address: $0, product: resolved.product) }
        var problems = resolved.problems
        for hop in hops {
            let hopResolved = await resolve(hop)
            problems += hopResolved.problems
            targets += hopResolved.addresses.map { Target(role: .hop, name: hop.description.withoutTrailingDot, address: $0, product: hopResolved.product) }
        }
        targets += origins.map { Target(role: .origin, name: nil, address: $0.description, product: nil) }

        let probe = NodeProbe(domain: ascii, port: port, timeout: timeout, trust: trust, now: now)
        let observations = await withTaskGroup(of: (Int, NodeObservation).self) { group in
            for (index, target) in targets.enumerated() {
                let address = target.address
                group.addTask { (index, await runOnThread { probe.observe(address) }) }
            }
            var byIndex: [Int: NodeObservation] = [:]
            for await (index, observation) in group { byIndex[index] = observation }
            return byIndex
        }
        let nodes = judge(targets.enumerated().map { ($1, observations[$0] ?? NodeObservation()) }, domain: ascii)
        return PathReport(domain: ascii, port: port, chain: resolved.chain, nodes: nodes.nodes, expected: nodes.expected,
                          verdict: PathVerdict.sentence(nodes.nodes, domain: ascii), problems: problems,
                          status: PathVerdict.status(nodes.nodes, problems: problems))
    }

    private struct Resolved {
        var chain: [ChainName]
        var addresses: [String]
        /// The product of the chain name closest to the addresses.
        var product: ProductIdentification?
        var problems: [Problem]
    }

    /// The chain and the final addresses as the authoritative servers serve them.
    private func resolve(_ name: DNSName) async -> Resolved {
        resolved(name, from: await context.resolveChecker().check(name))
    }

    private func resolved(_ name: DNSName, from report: ResolveReport) -> Resolved {
        let names = [name.description.withoutTrailingDot] + report.cnameChain.map(\.withoutTrailingDot)
        let chain = names.map { ChainName(name: $0, product: table.match(cname: $0).map(Self.identification)) }
        var addresses: [String] = []
        for row in report.authoritative where row.rcode == ResponseCode.noError.description {
            for address in row.addresses where !addresses.contains(address) { addresses.append(address) }
        }
        // Addresses are only ever the chain's last name's; the DNS problems say why there are none.
        let problems = addresses.isEmpty ? report.problems.filter { $0.severity == .error } : []
        return Resolved(chain: chain, addresses: addresses, product: chain.last { $0.product != nil }?.product, problems: problems)
    }

    static func identification(_ match: SuffixMatch) -> ProductIdentification {
        ProductIdentification(id: match.product.id, provider: match.product.provider, product: match.product.product,
                              kind: match.product.kind, evidence: .cname, matched: ["\(match.name) ends in \(match.suffix)"],
                              sources: [match.source])
    }

    static func identification(_ match: HeaderMatch) -> ProductIdentification {
        ProductIdentification(id: match.product.id, provider: match.product.provider, product: match.product.product,
                              kind: match.product.kind, evidence: .headers,
                              matched: match.hits.map { "\($0.header): \($0.value)" }, sources: match.hits.map(\.source))
    }

    private func judge(_ observed: [(Target, NodeObservation)], domain: String) -> (nodes: [PathNode], expected: NodeCertificate?) {
        let verdict = PathVerdict(domain: domain, now: now)
        let identifying = table.signatureHeaderNames.union(["server", "via", "x-cache"])
        var nodes: [PathNode] = []
        var pending: [(index: Int, served: PathVerdict.Served)] = []
        for (target, observation) in observed {
            let headers = observation.http?.headers ?? []
            let product = target.product ?? table.match(headers: headers).first.map(Self.identification)
            var node = PathNode(role: target.role, name: target.name, address: target.address, port: port, product: product,
                                certificate: nil, icpBlock: observation.icpBlock, finding: .ok, detail: "", advice: nil)
            node.http = observation.http.map { response in
                NodeHTTP(status: response.status, reason: response.reason,
                         identifyingHeaders: response.headers.filter { identifying.contains($0.name.lowercased()) })
            }
            let served = observation.tls.flatMap(PathVerdict.served)
            node.certificate = served?.certificate
            if let block = observation.icpBlock {
                (node.finding, node.detail) = (.icpBlocked, "\(block.provider) blocks \(domain) for lack of an ICP filing: \(block.evidence); \(block.control)")
            } else if let error = observation.tlsError {
                (node.finding, node.detail) = error.isConnectFailure
                    ? (.unreachable, "did not answer from here (\(error.description)); no verdict on its certificate")
                    : (.handshakeFailed, "TLS with SNI \(domain) failed: \(error.description)")
            } else if let served {
                if let own = verdict.ownFinding(served, product: product, table: table) {
                    (node.finding, node.detail) = own
                } else {
                    pending.append((nodes.count, served))
                }
            } else {
                (node.finding, node.detail) = (.handshakeFailed, "the server sent no certificate")
            }
            nodes.append(node)
        }
        let expected = PathVerdict.expected(pending.map(\.served.certificate))
        if let expected, let holder = pending.first(where: { $0.served.certificate == expected }) {
            for (index, served) in pending {
                (nodes[index].finding, nodes[index].detail) = PathVerdict.comparison(served.certificate, expected: expected,
                                                                                     expectedOn: nodes[holder.index].label)
            }
        }
        for index in nodes.indices { nodes[index].advice = verdict.advice(nodes[index].finding, node: nodes[index]) }
        return (nodes, expected)
    }
}
