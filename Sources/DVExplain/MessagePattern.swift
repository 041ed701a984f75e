/// One CA or ACME-client message dvtool recognises: how to find it in a pasted text, what it names, what causes
/// it (most likely first), the dvtool command that reproduces it, and where the wording comes from.
/// The patterns themselves are data, in `MessagePatterns.swift`: adding a message is adding an entry there and a
/// test line in `Tests/DVExplainTests`.
public struct MessagePattern: Sendable {
    /// Stable id, `issuer-what` (e.g. `le-dns-nxdomain`), as `--json` reports it.
    public let id: String
    /// Who says it: "Let's Encrypt (Boulder)", "certbot", "lego", "acme.sh", "DigiCert", "Sectigo", "Alibaba Cloud".
    public let issuer: String
    /// A regular expression (Swift Regex syntax, case-insensitive) with named groups for what the message names:
    /// `domain`, `type`, `address`, `url`, `status`, `value`, `caaDomain`, `ede`, `body`, `server`, `count`.
    public let regex: String
    /// What the message means, in one line.
    public let meaning: String
    /// Likely root causes, most likely first.
    public let causes: [Cause]
    /// The dvtool command that reproduces it, as arguments after `dvtool`; `{field}` is replaced by what the
    /// message named. An argument whose field the message did not name is left out, with the option before it.
    public let check: [String]
    /// Where the wording is documented or seen (a source file, documentation page or public report).
    public let source: String
    /// A real message text from that source: the test recognises it.
    public let sample: String

    public struct Cause: Sendable {
        public let text: String
        /// Problem codes (or DNSSEC/HTTP verdict words) in the check's JSON that confirm this cause under `--run`.
        public let confirmedBy: [String]

        public init(_ text: String, confirmedBy: [String] = []) {
            self.text = text
            self.confirmedBy = confirmedBy
        }
    }

    public init(id: String, issuer: String, regex: String, meaning: String, causes: [Cause], check: [String],
                source: String, sample: String) {
        self.id = id
        self.issuer = issuer
        self.regex = regex
        self.meaning = meaning
        self.causes = causes
        self.check = check
        self.source = source
        self.sample = sample
    }
}
