// PersistRecord: the dns-persist-01 TXT value (RFC 8659 issue-value syntax) read the way Boulder reads it.
import DVIDN
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One `_validation-persist` TXT record, parsed as Let's Encrypt's Boulder parses it (va/dns_persist.go): the
/// character-strings joined, split on `;`, the issuer lower-cased, IDNA A-label, trailing dot dropped; every
/// parameter `tag=value` with printable ASCII values and case-insensitive tags; a duplicate known tag, an empty
/// accounturi, a non-integer persistUntil or an empty part (a trailing `;`) make the record malformed; unknown
/// tags are ignored.
public struct PersistRecord: Sendable, Equatable, Codable {
    /// The normalised issuer-domain-name, e.g. `letsencrypt.org`.
    public let issuer: String
    public let accountURI: String
    /// The policy value as written (`wildcard` in any case grants wildcards; anything else counts as absent).
    public let policy: String?
    /// persistUntil as UNIX seconds.
    public let persistUntil: Int64?
    /// Tags the CA ignores, as written: a typo (`persistUntill`) shows here.
    public let ignoredTags: [String]

    /// Whether `policy=wildcard` (case-insensitive) is present: needed for `*.` names and, in the draft, subdomains.
    public var allowsWildcard: Bool { policy?.lowercased() == "wildcard" }

    /// The parse of one record: its issuer (nil when even that is unreadable) and the record or why it is malformed.
    public struct Parsed: Sendable, Equatable {
        public let issuer: String?
        public let result: Result<PersistRecord, PersistSyntaxError>
    }

    /// Parses one record's joined text.
    public static func parse(_ text: String) -> Parsed {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingWSP() }
        guard let rawIssuer = parts.first, !rawIssuer.isEmpty else {
            return Parsed(issuer: nil, result: .failure(.init("empty issuer-domain-name")))
        }
        guard let issuer = normalizedIssuer(rawIssuer) else {
            return Parsed(issuer: nil, result: .failure(.init("malformed issuer-domain-name \"\(rawIssuer)\"")))
        }
        func failure(_ reason: String, trailingSemicolon: Bool = false) -> Parsed {
            Parsed(issuer: issuer, result: .failure(.init(reason, onlyLetsEncrypt: trailingSemicolon)))
        }
        var known: [String: String] = [:]
        var ignored: [String] = []
        for part in parts.dropFirst() {
            guard !part.isEmpty else {
                return failure("empty parameter or trailing semicolon provided", trailingSemicolon: true)
            }
            guard let equals = part.firstIndex(of: "=") else {
                return failure("malformed parameter \"\(part)\" should be tag=value pair")
            }
            let tag = part[..<equals].trimmingWSP()
            let value = part[part.index(after: equals)...].trimmingWSP()
            guard !tag.isEmpty else { return failure("malformed parameter \"\(part)\", empty tag") }
            guard value.unicodeScalars.allSatisfy({ (0x21 ... 0x7E).contains($0.value) && $0 != ";" }) else {
                return failure("malformed value \"\(value)\" for tag \"\(tag)\"")
            }
            let key = tag.lowercased()
            guard ["accounturi", "policy", "persistuntil"].contains(key) else {
                ignored.append(tag)
                continue
            }
            guard known[key] == nil else { return failure("duplicate parameter \"\(tag)\"") }
            if key == "accounturi", value.isEmpty { return failure("empty value provided for mandatory accounturi") }
            if key == "persistuntil", Int64(value) == nil { return failure("malformed persistUntil timestamp \"\(value)\"") }
            known[key] = value
        }
        guard let accountURI = known["accounturi"] else { return failure("missing mandatory accounturi parameter") }
        return Parsed(issuer: issuer, result: .success(PersistRecord(
            issuer: issuer, accountURI: accountURI, policy: known["policy"], persistUntil: known["persistuntil"].flatMap { Int64($0) },
            ignoredTags: ignored)))
    }

    /// Lower case, IDNA A-label, no trailing dot, at most 253 octets (Boulder's NormalizeIssuerDomainName).
    public static func normalizedIssuer(_ text: String) -> String? {
        var name = text.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty, let ascii = try? IDNA.toASCII(name), ascii.utf8.count <= 253 else { return nil }
        return ascii
    }

    /// `issuer; accounturi=…[; policy=wildcard][; persistUntil=N]`: the value to publish.
    public static func value(issuer: String, accountURI: String, wildcard: Bool, persistUntil: Int64?) -> String {
        ([issuer, "accounturi=" + accountURI] + (wildcard ? ["policy=wildcard"] : []) + (persistUntil.map { ["persistUntil=\($0)"] } ?? []))
            .joined(separator: "; ")
    }
}

/// Why a record is malformed, in Boulder's words.
public struct PersistSyntaxError: Error, Sendable, Equatable, Codable {
    public let reason: String
    /// Malformed at Let's Encrypt only: RFC 8659's grammar tolerates a trailing `;`, so another CA may accept it.
    public let onlyLetsEncrypt: Bool

    init(_ reason: String, onlyLetsEncrypt: Bool = false) {
        self.reason = reason
        self.onlyLetsEncrypt = onlyLetsEncrypt
    }
}

extension StringProtocol {
    /// Without RFC 5234 WSP (space, horizontal tab) at either end; newlines are kept (they make a value malformed).
    func trimmingWSP() -> String {
        let isWSP: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isWSP($0) }), let last = lastIndex(where: { !isWSP($0) }) else { return "" }
        return String(self[first ... last])
    }
}

/// RFC 3339 UTC, as Boulder prints times in its messages: `2026-01-01T00:00:00Z`.
func rfc3339(_ seconds: Int64) -> String {
    Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
}
