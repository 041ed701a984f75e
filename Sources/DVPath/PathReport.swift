import DVHTTPCheck
import DVReport
import FoundationEssentials

/// Everything `dvtool path` observed: the JSON schema of `dvtool path --json`.
public struct PathReport: Sendable, Codable {
    public var domain: String
    public var port: UInt16
    /// The CNAME chain from the authoritative servers: the domain first, then every target.
    public var chain: [ChainName]
    /// One row per address: the edge (the chain's last name), each --hop's and each --origin.
    public var nodes: [PathNode]
    /// The certificate every node should serve: the newest valid one for the domain any node served.
    public var expected: NodeCertificate?
    /// One sentence: all nodes agree, or which node does not and why.
    public var verdict: String
    /// DNS problems of the chain (discovery failed, NXDOMAIN): why there may be no edge rows.
    public var problems: [Problem]
    public var status: CheckStatus
}

/// One name of the CNAME chain and the product its suffix names.
public struct ChainName: Sendable, Codable, Equatable {
    public var name: String
    public var product: ProductIdentification?
}

/// Which provider's product a node is, and on what evidence.
public struct ProductIdentification: Sendable, Codable, Equatable {
    /// `cname`: a name of the chain ends in the product's suffix. `headers`: only response headers say so
    /// (lower confidence: an origin may send them, a proxy may pass them through).
    public enum Evidence: String, Sendable, Codable { case cname, headers }

    public var id: String
    public var provider: String
    public var product: String
    public var kind: ProviderProduct.Kind
    public var evidence: Evidence
    /// What matched: "x.w.kunlunsl.com ends in w.kunlunsl.com", "EagleId: 0bd1…".
    public var matched: [String]
    public var sources: [String]

    public var displayName: String { "\(provider) \(product)" }
}

public struct PathNode: Sendable, Codable {
    public enum Role: String, Sendable, Codable {
        /// An address of the domain's chain's last name: what users reach.
        case edge
        /// An address of a --hop name (a WAF or load balancer between the edge and the origin).
        case hop
        /// An --origin address.
        case origin
    }

    public var role: Role
    /// The name whose address this is (the chain's last name, the --hop name); nil for an --origin.
    public var name: String?
    public var address: String
    public var port: UInt16
    public var product: ProductIdentification?
    public var certificate: NodeCertificate?
    public var http: NodeHTTP?
    public var icpBlock: ICPBlock?
    public var finding: NodeFinding
    public var detail: String
    /// The console action or server change that fixes the finding; nil when there is nothing to do.
    public var advice: String?

    /// "edge 192.0.2.1 (Alibaba Cloud CDN)".
    public var label: String {
        "\(role.rawValue) \(address)" + (product.map { " (\($0.displayName))" } ?? "")
    }
}

/// The certificate a node served, with the facts that tell two deployments apart.
public struct NodeCertificate: Sendable, Codable, Equatable {
    public var subject: String
    public var dnsNames: [String]
    public var issuer: String
    public var serialNumber: String
    public var notBefore: Date
    public var notAfter: Date
    /// SHA-256 of the leaf's DER, uppercase hex with colons.
    public var sha256: String
    /// The server sent every intermediate up to a trusted root.
    public var chainComplete: Bool
    /// SM2 (ShangMi) key or signature: served by a TLCP/SM-capable stack, not usable by ordinary browsers.
    public var isSM2: Bool

    /// "serial 0A1B…, 2026-01-01 to 2026-04-01".
    public var summary: String {
        "serial \(serialNumber), \(Self.day(notBefore)) to \(Self.day(notAfter))"
    }

    static func day(_ date: Date) -> String { String(date.ISO8601Format().prefix(10)) }
}

public struct NodeHTTP: Sendable, Codable, Equatable {
    public var status: Int
    public var reason: String
    /// The headers that identify a product (Server, Via, X-Cache and every header a signature names).
    public var identifyingHeaders: [HTTPHeaderField]
}

/// What is wrong with one node, worst first in `PathVerdict`'s order.
public enum NodeFinding: String, Sendable, Codable {
    /// Serves the expected certificate, valid for the domain.
    case ok
    /// Nothing answered (refused, timed out): no verdict on its certificate.
    case unreachable
    /// TCP connected but TLS failed.
    case handshakeFailed = "handshake-failed"
    /// The provider blocks the domain for lack of an ICP filing.
    case icpBlocked = "icp-blocked"
    case expired
    case notYetValid = "not-yet-valid"
    /// The provider's own certificate: it has none for the domain.
    case providerDefault = "provider-default"
    /// A certificate that does not cover the domain.
    case nameMismatch = "name-mismatch"
    /// The leaf without the intermediate that links it to a root.
    case missingIntermediate = "missing-intermediate"
    /// Does not verify against the trust store for another reason (self-signed, unknown CA).
    case untrusted
    /// Valid for the domain, but older than the expected one: not yet replaced on this node.
    case oldCertificate = "old-certificate"
    /// Valid for the domain but not the expected one, and not older.
    case differentCertificate = "different-certificate"

    /// A finding the user has to act on (exit 1); `unreachable` is could-not-check (exit 3).
    public var isFailing: Bool { self != .ok && self != .unreachable }
}
