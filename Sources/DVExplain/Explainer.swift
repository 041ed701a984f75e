/// Reads a pasted CA or ACME-client message: unwraps the client's wording, strips the prefixes that change its
/// meaning, finds the first known pattern, and says what it names, what causes it and which dvtool command
/// reproduces it.
public enum Explainer {
    public static func explain(_ text: String, patterns: [MessagePattern] = MessagePattern.all) -> Explanation {
        var context = MessageContext()
        let detail = context.unwrap(text)
        for candidate in [detail, text] {
            for pattern in patterns {
                guard let regex = try? Regex(pattern.regex).ignoresCase(), let match = try? regex.firstMatch(in: candidate) else { continue }
                var fields = context.fields
                for name in MessageContext.fieldNames {
                    if let value = match.output[name]?.substring, !value.isEmpty { fields[name] = String(value) }
                }
                // A URL names its host: the domain the check needs.
                if fields["domain"] == nil, let host = fields["url"].flatMap(MessageContext.host(ofURL:)) { fields["domain"] = host }
                // Console messages (Alibaba's) often name the domain elsewhere in the pasted text.
                if fields["domain"] == nil { fields["domain"] = MessageContext.firstDomain(in: text) }
                let command = command(pattern.check, fields: fields)
                return Explanation(pattern: pattern, fields: fields, context: context.notes,
                                   causes: context.extraCauses + pattern.causes.map(\.text),
                                   // A check without its name cannot run: better none than a wrong one.
                                   command: pattern.check.contains("{domain}") && fields["domain"] == nil ? [] : command)
            }
        }
        let domain = context.fields["domain"] ?? MessageContext.firstDomain(in: text)
        return Explanation(pattern: nil, fields: context.fields.merging(domain.map { ["domain": $0] } ?? [:]) { $1 },
                           context: context.notes, causes: [],
                           command: domain.map { ["doctor", $0] } ?? [])
    }

    /// The check's arguments with the message's fields in; an argument whose field is missing goes, with the
    /// option before it. A URL given to `--path` becomes its path.
    static func command(_ template: [String], fields: [String: String]) -> [String] {
        var arguments: [String] = []
        for argument in template {
            var filled = argument
            for (name, value) in fields { filled = filled.replacing("{\(name)}", with: value) }
            if filled.contains("{") && filled.contains("}") {
                if arguments.last?.hasPrefix("--") == true { arguments.removeLast() }
                continue
            }
            if arguments.last == "--path", let path = MessageContext.path(ofURL: filled) { filled = path }
            arguments.append(filled)
        }
        // http-check needs a path: without the token's URL, a probe path still shows how every address connects
        // (a 404 there is expected; refused connections and timeouts are what such messages are about).
        if arguments.first == "http-check", !arguments.contains("--path") { arguments += ["--path", probePath] }
        return arguments
    }
}

/// The path fetched when a message names no token URL.
let probePath = "/.well-known/acme-challenge/dvtool-explain-probe"

/// What `explain` found (the JSON of `dvtool explain --json`).
public struct Explanation: Sendable, Codable {
    public var recognized: Bool
    public var pattern: String?
    public var issuer: String?
    public var meaning: String?
    /// What the message names: domain, type, address, url, status, value, caaDomain, ede, body, server, count.
    public var fields: [String: String]
    /// What the prefixes said (secondary validation, the CAA phase, the address that failed).
    public var context: [String]
    /// Likely causes, most likely first.
    public var causes: [String]
    /// The dvtool command that reproduces it (arguments after `dvtool`).
    public var command: [String]
    public var source: String?
    /// With `--run`: the causes the reproducing check confirmed.
    public var confirmed: [String]?

    init(pattern: MessagePattern?, fields: [String: String], context: [String], causes: [String], command: [String]) {
        recognized = pattern != nil
        self.pattern = pattern?.id
        issuer = pattern?.issuer
        meaning = pattern?.meaning
        self.fields = fields
        self.context = context
        self.causes = causes
        self.command = command
        source = pattern?.source
    }
}

extension Explainer {
    /// The causes of `patternID` that the reproducing check's JSON confirms: a cause counts when a problem code
    /// or verdict it names appears in the output.
    public static func confirmedCauses(of patternID: String?, checkJSON: String, patterns: [MessagePattern] = MessagePattern.all) -> [String] {
        guard let pattern = patterns.first(where: { $0.id == patternID }),
              let regex = try? Regex(#""(?:code|verdict|status|decision)"\s*:\s*"(?<word>[^"]+)""#) else { return [] }
        let seen = Set(checkJSON.matches(of: regex).compactMap { $0.output["word"]?.substring.map(String.init) })
        return pattern.causes.filter { !seen.isDisjoint(with: $0.confirmedBy) }.map(\.text)
    }
}
