/// An RFC 8914 Extended DNS Error: the code, its registered name and the sender's extra text.
public struct ExtendedDNSError: Sendable, Hashable, Codable {
    public var code: UInt16
    public var extraText: String

    public init(code: UInt16, extraText: String) {
        (self.code, self.extraText) = (code, extraText)
    }

    /// The IANA registry's name for the code, as Let's Encrypt quotes it ("DNSSEC: Signature Expired").
    public var name: String {
        code < Self.names.count ? Self.names[Int(code)] : "Unassigned (\(code))"
    }

    private static let names = [
        "Other Error", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type", "Stale Answer",
        "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired", "Signature Not Yet Valid",
        "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set", "NSEC Missing", "Cached Error", "Not Ready",
        "Blocked", "Censored", "Filtered", "Prohibited", "Stale NXDOMAIN Answer", "Not Authoritative",
        "Not Supported", "No Reachable Authority", "Network Error", "Invalid Data", "Signature Expired before Valid",
        "Too Early", "Unsupported NSEC3 Iterations Value", "Unable to conform to policy", "Synthesized",
    ]
}

extension ExtendedDNSError: CustomStringConvertible {
    public var description: String { extraText.isEmpty ? "EDE \(code) (\(name))" : "EDE \(code) (\(name)): \(extraText)" }
}
