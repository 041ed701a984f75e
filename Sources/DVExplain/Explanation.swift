import DVReport

/// What `explain` found (the JSON of `dvtool explain --json`).
public struct Explanation: Sendable, Codable {
    public var recognized: Bool
    public var pattern: String?
    public var issuer: String?
    public var meaning: String?
    /// What the message and its framing name: domain, identifier (the domain under validation), record (the name
    /// the CA queried), type, address, url, path, status, expected, found, caaDomain, ede, body, server, count.
    public var fields: [String: String]
    /// What the prefixes said (secondary validation, the CA phase, the address that failed).
    public var context: [String]
    /// Likely causes, most likely first.
    public var causes: [String]
    /// The dvtool command that reproduces it (arguments after `dvtool`), DOMAIN or VALUE where the text lacks them.
    public var command: [String]
    /// What the user must fill in before running the command, one line each.
    public var fillIn: [String]
    /// The line of the text the message was found on (1-based).
    public var line: Int?
    public var source: String?
    /// With `--run`: the causes the reproducing check confirmed.
    public var confirmed: [String]?
    /// The ACME server the text talks to: its directory URL, or the origin of its URLs when the text has no directory.
    public var acmeServer: String?
    /// The CA of `acmeServer`, when dvtool knows it (set by the caller from DVCAA's list).
    public var ca: ServerCA?

    /// Recognised ⇒ ok; an unknown message is the problem (the general checklist is suggested).
    public var status: CheckStatus { recognized ? .ok : .problem }

    init(pattern: MessagePattern?, fields: [String: String], context: [String], causes: [String], command: [String],
         fillIn: [String], line: Int?) {
        recognized = pattern != nil
        self.pattern = pattern?.id
        issuer = pattern?.issuer
        meaning = pattern?.meaning
        self.fields = fields
        self.context = context
        self.causes = causes
        self.command = command
        self.fillIn = fillIn
        self.line = line
        source = pattern?.source
    }

    /// The command `--run` can run: none while the domain is unknown; without `--expect VALUE` while only the value
    /// is (the check then shows every value it finds).
    public var runnableCommand: [String]? {
        guard !command.isEmpty, !command.contains(where: { $0 == CommandTemplate.domainPlaceholder || $0.hasSuffix("." + CommandTemplate.domainPlaceholder) }) else { return nil }
        var arguments: [String] = []
        for argument in command {
            if argument == CommandTemplate.valuePlaceholder, arguments.last == "--expect" { arguments.removeLast(); continue }
            arguments.append(argument)
        }
        return arguments
    }
}

extension Explainer {
    /// The causes of `patternID` that the reproducing check's JSON confirms: a cause counts when a problem code
    /// or verdict it names appears in the output.
    public static func confirmedCauses(of patternID: String?, checkJSON: String, patterns: [MessagePattern] = MessagePattern.all) -> [String] {
        guard let pattern = patterns.first(where: { $0.id == patternID }) else { return [] }
        let seen = Set(checkJSON.matches(of: #/"(?:code|verdict|status|decision)"\s*:\s*"(?<word>[^"]+)"/#).map { String($0.output.word) })
        return pattern.causes.filter { !seen.isDisjoint(with: $0.confirmedBy) }.map(\.text)
    }
}
