import DVReport

/// Which rules a fetch is judged by.
public enum CheckProfile: String, Sendable, Codable, CaseIterable {
    /// Let's Encrypt's validator (Boulder): status 200 only.
    case letsencrypt
    /// CA/Browser Forum Baseline Requirements 3.2.2.4.18/.19: any 2xx.
    case baseline
}

/// The outcome of fetching one token from every address of a domain.
public struct HTTPCheckReport: Sendable, Codable {
    public var domain: String
    public var url: String
    public var profile: CheckProfile
    public var expected: String?
    public var resolution: Resolution
    public var addresses: [AddressCheck]
    /// What Let's Encrypt would do: first AAAA, falling back to the first A only when IPv6 cannot connect.
    public var letsEncrypt: CASimulation?
    public var notes: [String]
    /// The detailed verdict, JSON's `status` (ok, failed, error).
    public var verdict: Status

    public enum Status: String, Sendable, Codable {
        /// Every address served the token.
        case ok
        /// At least one address failed, or the name has no address.
        case failed
        /// The domain could not be resolved (DNS failure): nothing was checked.
        case error
    }

    /// The outcome every command ends in: failed is a problem, error could not check.
    public var status: CheckStatus {
        switch verdict {
        case .ok: .ok
        case .failed: .problem
        case .error: .error
        }
    }

    enum CodingKeys: String, CodingKey {
        case domain, url, profile, expected, resolution, addresses, letsEncrypt, notes
        case verdict = "status"
    }
}

public struct Resolution: Sendable, Codable, Equatable {
    public var aaaa: [String] = []
    public var a: [String] = []
    public var cnames: [String] = []
    /// Addresses of the answer a public CA drops and never connects to (absent when there are none, or when the
    /// world is private: `ReservedAddressHandling.connect`).
    public var reserved: [ReservedAddress]?
    /// The resolver that answered.
    public var resolver: String?
    /// NXDOMAIN and friends: the name exists nowhere (a CA fails too).
    public var rcode: String?
    /// Why the name could not be resolved at all (timeouts, SERVFAIL).
    public var error: String?
}


public enum CheckVerdict: String, Sendable, Codable {
    case ok
    case redirect
    case wrongContent = "wrong-content"
    case badStatus = "bad-status"
    case badRedirect = "bad-redirect"
    case tooManyRedirects = "too-many-redirects"
    case bodyTooLarge = "body-too-large"
    case connectionFailed = "connection-failed"
    case timeout
    case tlsFailed = "tls-failed"
    case protocolError = "protocol-error"
    case dnsFailed = "dns-failed"
    /// A mainland provider's block page for a domain without an ICP filing (the bare address answers normally).
    case icpBlocked = "icp-blocked"
}

public struct AddressCheck: Sendable, Codable {
    public var address: String
    public var family: String
    public var verdict: CheckVerdict
    public var message: String
    /// The trimmed body of the last response, when there was one.
    public var body: String?
    public var hops: [Hop]
    /// Set when the answer was an ICP block page (verdict `icp-blocked`).
    public var icpBlock: ICPBlock?
    public var passed: Bool { verdict == .ok }
    /// The very first connection failed: the only case in which a CA falls back from IPv6 to IPv4.
    public var dialFailed: Bool { hops.first?.verdict == .connectionFailed && hops.count == 1 }
}

public struct Hop: Sendable, Codable {
    public var url: String
    public var address: String?
    public var port: Int
    public var tls: String?
    public var status: Int?
    public var reason: String?
    public var location: String?
    public var verdict: CheckVerdict
    public var message: String
    public var milliseconds: Double
}

public struct CASimulation: Sendable, Codable {
    public var tried: [String]
    public var used: String?
    public var fellBack: Bool
    public var passed: Bool
    public var message: String
}
