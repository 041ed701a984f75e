import DVBasics
import DVDNS

/// DS or DNSKEY records a validator trusts without proof (the root's key, or a test world's).
public struct TrustAnchor: Sendable {
    /// Debian's dns-root-data: the IANA root KSK as DNSKEY records.
    public static let systemFile = "/usr/share/dns/root.key"

    public var zone: DNSName
    public var records: [ResourceRecord]

    /// Reads a zone-file-format file of DS or DNSKEY records for one zone.
    public init(file path: String) throws(TrustAnchorError) {
        let text: String
        do { text = String(decoding: try FileBytes.read(path), as: UTF8.self) } catch { throw .unreadable(path, error.description) }
        let parsed: [ResourceRecord]
        do { parsed = try DNSSECCrypto.parseRecords(text) } catch { throw .malformed(path, error.description) }
        let anchors = parsed.filter { $0.type == .ds || $0.type == .dnskey }
        guard let first = anchors.first else { throw .malformed(path, "no DS or DNSKEY record in it") }
        guard anchors.allSatisfy({ $0.name == first.name }) else {
            throw .malformed(path, "its records are for more than one zone; give one zone's anchor per file")
        }
        zone = first.name
        records = anchors
    }
}

public enum TrustAnchorError: Error, Sendable, CustomStringConvertible {
    case unreadable(String, String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "cannot read the trust anchor \(path): \(reason)"
        case let .malformed(path, reason):
            "the trust anchor \(path) is not DS or DNSKEY records in zone-file format: \(reason)"
        }
    }
}
