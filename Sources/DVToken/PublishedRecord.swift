import DVBasics
import DVDomain

// PublishedRecord and ValidationFile: what the user has to publish, in the forms DNS consoles and web roots want.

/// A DNS record to create: owner FQDN, type and value.
public struct PublishedRecord: Sendable, Equatable, Codable {
    /// The owner name with the trailing dot, e.g. `_acme-challenge.example.com.`.
    public let name: String
    /// `TXT` or `CNAME`.
    public let type: String
    /// The TXT text (unquoted) or the CNAME target with the trailing dot.
    public let value: String
    /// Suggested TTL: short, so a wrong value can be fixed quickly.
    public let ttl: Int

    public init(name: String, type: String, value: String, ttl: Int = 300) {
        self.name = name
        self.type = type
        self.value = value
        self.ttl = ttl
    }

    /// The owner relative to `zone` as DNS consoles ask for it: `@` for the apex, else the labels left of it.
    /// - Returns: nil when the name is not in the zone.
    public func host(inZone zone: String) -> String? {
        // Compared without case, returned in the record's own case (Sectigo: "do not modify case").
        let owner = name.withoutTrailingDot
        var apex = zone
        if apex.hasSuffix(".") { apex.removeLast() }
        if owner.lowercased() == apex.lowercased() { return "@" }
        guard owner.lowercased().hasSuffix("." + apex.lowercased()) else { return nil }
        return String(owner.dropLast(apex.count + 1))
    }

    /// A master-file line (RFC 1035 §5): `name TTL IN TYPE value`, TXT values quoted and escaped.
    public var zoneFileLine: String {
        let rdata = type == "TXT" ? Self.quoted(value) : value
        return "\(name) \(ttl) IN \(type) \(rdata)"
    }

    /// One `"…"` character-string per 255 octets (RFC 1035 §3.3.14); `"` and `\` escaped.
    static func quoted(_ text: String) -> String {
        var chunks: [String] = []
        var current = "", octets = 0
        for character in text {
            let size = character.utf8.count
            if octets + size > 255 {
                chunks.append(current)
                current = ""
                octets = 0
            }
            current += character == "\"" || character == "\\" ? "\\\(character)" : String(character)
            octets += size
        }
        chunks.append(current)
        return chunks.map { "\"\($0)\"" }.joined(separator: " ")
    }
}

/// A file to serve for file-based validation: URL path (from `/`) and exact content.
public struct ValidationFile: Sendable, Equatable, Codable {
    /// E.g. `/.well-known/pki-validation/fileauth.txt`.
    public let path: String
    /// The exact body; no trailing newline is added.
    public let body: String

    /// `http://domain/path` (CAs may also try https; ACME http-01 uses port 80 only).
    public func url(domain: DomainInput, scheme: String = "http") -> String {
        "\(scheme)://\(domain.base)\(path)"
    }
}

/// The DNS zone a record is entered in: given by the user, or assumed.
public struct Zone: Sendable, Equatable {
    public let name: String
    /// True when guessed as the last two labels of the domain.
    public let assumed: Bool

    /// - Parameters:
    ///   - given: `--zone`, already in ASCII; the domain must be inside it.
    ///   - domain: the challenge domain.
    /// - Throws: `TokenError.Code.invalidZone` when `domain` is not in `given`.
    public init(given: String?, for domain: DomainInput) throws(TokenError) {
        guard let given else {
            // Without DNS the zone cut is unknown; two labels is right for example.com but not for
            // example.co.uk or a delegated sub-zone, hence `assumed` and the --zone hint in the output.
            let labels = domain.base.split(separator: ".")
            name = labels.suffix(2).joined(separator: ".")
            assumed = true
            return
        }
        let zone = try DomainInput(challengeDomain: given)
        guard !zone.isWildcard else { throw TokenError(.invalidZone, "the zone \(given) cannot be a wildcard") }
        guard domain.base == zone.ascii || domain.base.hasSuffix("." + zone.ascii) else {
            throw TokenError(.invalidZone, "\(domain.base) is not inside the zone \(zone.ascii)")
        }
        name = zone.ascii
        assumed = false
    }
}
