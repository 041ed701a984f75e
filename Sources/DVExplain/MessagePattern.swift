/// One CA or ACME-client message dvtool recognises: how to find it in a pasted text or a whole log, what it names,
/// what causes it (most likely first), the dvtool command that reproduces it, and where the wording comes from.
/// The entries are data, in `MessageTable.json` (embedded by `MessageTable.swift`): adding a message needs no Swift.
public struct MessagePattern: Sendable, Codable {
    /// Stable id, `issuer-what` (e.g. `le-dns-nxdomain`), as `--json` reports it.
    public let id: String
    /// Who says it: "Let's Encrypt (Boulder)", "Pebble", "certbot", "lego", "acme.sh", "DigiCert", "Sectigo", ...
    public let issuer: String
    /// Whose words they are, which decides between several messages in one text.
    public let role: Role
    /// Literal pieces (any one, case-insensitive) every match contains: the reader runs the regular expression
    /// only on lines holding one, so a log is read in one pass whatever its size.
    public let anchors: [String]
    /// A regular expression (Swift Regex syntax, case-insensitive, one line) with named groups for what the
    /// message names: `domain`, `identifier`, `record`, `type`, `address`, `url`, `status`, `expected`, `found`,
    /// `caaDomain`, `ede`, `body`, `server`, `count`.
    public let regex: String
    /// What the message means, in one line.
    public let meaning: String
    /// Likely root causes, most likely first.
    public let causes: [Cause]
    /// The dvtool command that reproduces it, as arguments after `dvtool` (see `CommandTemplate`).
    public let check: [String]
    /// Where the wording is documented or seen (a source file, documentation page or public report).
    public let source: String
    /// A real message text from that source: the test recognises it.
    public let sample: String

    /// A reason (the CA's, or a client's own pre-check) outranks a client's generic wrapping or hint; on one line,
    /// the CA's words come first.
    public enum Role: String, Sendable, Codable, Comparable {
        /// The CA's detail (Boulder, Pebble, a commercial CA's console).
        case ca
        /// An ACME client's own check before it asks the CA (lego's propagation check).
        case client
        /// A client's hint or wrapper, or a bare ACME problem type, which says less than the CA's detail.
        case hint

        var rank: Int {
            switch self {
            case .ca: 0
            case .client: 1
            case .hint: 2
            }
        }

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
    }

    public struct Cause: Sendable, Codable {
        public let text: String
        /// Problem codes (or DNSSEC/HTTP verdict words) in the check's JSON that confirm this cause under `--run`.
        public let confirmedBy: [String]

        public init(_ text: String, confirmedBy: [String] = []) {
            self.text = text
            self.confirmedBy = confirmedBy
        }
    }

    public init(id: String, issuer: String, role: Role = .ca, anchors: [String] = [], regex: String, meaning: String,
                causes: [Cause], check: [String], source: String, sample: String) {
        self.id = id
        self.issuer = issuer
        self.role = role
        self.anchors = anchors
        self.regex = regex
        self.meaning = meaning
        self.causes = causes
        self.check = check
        self.source = source
        self.sample = sample
    }
}
