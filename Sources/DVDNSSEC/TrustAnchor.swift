import DVBasics
import DVDNS

/// DS or DNSKEY records a validator trusts without proof (the root's key, or a test world's), read from any of
/// the files users have: zone-file records (Debian's root.key, Unbound's autotrust file), BIND's trust-anchors
/// clause, or IANA's root-anchors.xml.
public struct TrustAnchor: Sendable {
    /// Debian's dns-root-data: the IANA root KSK as DNSKEY records.
    public static let systemFile = "/usr/share/dns/root.key"

    public var zone: DNSName
    /// The anchors in force: none revoked, none outside its validity, none the file itself sets aside.
    public var records: [ResourceRecord]

    /// Reads an anchor file in any format `TrustAnchorFormat` knows; validity dates are judged at `moment`.
    public init(file path: String, at moment: ValidationMoment = .now) throws(TrustAnchorError) {
        let text: String
        do { text = String(decoding: try FileBytes.read(path), as: UTF8.self) } catch { throw .unreadable(path, error.description) }
        let format = TrustAnchorFormat(detecting: text)
        let entries: [AnchorEntry]
        do { entries = try format.entries(in: text, at: moment) } catch {
            throw .malformed(path, format: format, line: error.line, error.reason)
        }
        var anchors: [(record: ResourceRecord, setAside: String?)] = []
        for entry in entries {
            let record: ResourceRecord
            do { record = try DNSSECCrypto.parseRecord(entry.presentation) } catch {
                throw .malformed(path, format: format, line: entry.line, error.reason)
            }
            guard record.type == .ds || record.type == .dnskey else { continue }
            anchors.append((record, entry.setAside ?? Self.revocation(of: record)))
        }
        guard let first = anchors.first?.record else {
            throw .malformed(path, format: format, line: nil, "no DS or DNSKEY record in it")
        }
        guard anchors.allSatisfy({ $0.record.name == first.name }) else {
            throw .malformed(path, format: format, line: nil, "its records are for more than one zone; give one zone's anchor per file")
        }
        let usable = anchors.filter { $0.setAside == nil }.map(\.record)
        guard !usable.isEmpty else {
            throw .unusable(path, anchors.map { "\(Self.describe($0.record)) of \(first.name) \($0.setAside ?? "")" })
        }
        zone = first.name
        records = usable
    }

    /// A key with the REVOKE bit (RFC 5011 §2.1) is one its zone has withdrawn: never an anchor.
    private static func revocation(of record: ResourceRecord) -> String? {
        guard let key = record.dnskey, key.isRevoked else { return nil }
        return "has the REVOKE bit set (flags \(key.flags)): its zone withdrew it"
    }

    /// "key 20326" or "DS 20326", as anchors are named in messages.
    private static func describe(_ record: ResourceRecord) -> String {
        if let ds = record.ds { return "DS \(ds.keyTag)" }
        return "key \(DNSSECCrypto.keyTag(record).map(String.init) ?? "?")"
    }
}

public enum TrustAnchorError: Error, Sendable, CustomStringConvertible {
    case unreadable(String, String)
    case malformed(String, format: TrustAnchorFormat, line: Int?, String)
    /// Every anchor in the file is revoked, expired, not yet valid or not trusted by the file's own state.
    case unusable(String, [String])

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "cannot read the trust anchor \(path): \(reason)"
        case let .malformed(path, format, line, reason):
            "the trust anchor \(path) (read as \(format.name)) is malformed\(line.map { " at line \($0)" } ?? ""): \(reason)"
                + " (dvtool reads DS or DNSKEY records in zone-file form, Unbound's autotrust file, BIND's trust-anchors or managed-keys clause, and IANA's root-anchors.xml)"
        case let .unusable(path, reasons):
            "the trust anchor \(path) holds no anchor that may be used: \(reasons.joined(separator: "; "))"
        }
    }
}
