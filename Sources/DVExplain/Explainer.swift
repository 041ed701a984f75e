import DVMethod

/// Reads a pasted CA or ACME-client message, or a client's whole output or log: finds the most telling known
/// message (a reason, the CA's or a client's own pre-check, before a client's hint), reads the prefixes that change
/// its meaning and the client's framing around it (the domain under validation), and says what it names, what
/// causes it and which dvtool command reproduces it. One pass over the text: literal anchors are searched first,
/// and a pattern's regular expression runs only on a bounded window around an anchor.
public enum Explainer {
    /// How many windows one pattern may try before it is taken not to match: a log repeating one anchor in lines
    /// that are not the message costs at most this much per pattern.
    static let attemptsPerPattern = 400

    public static func explain(_ text: String) -> Explanation {
        explain(ScannedText(text), table: CompiledPattern.table)
    }

    public static func explain(_ text: String, patterns: [MessagePattern]) -> Explanation {
        explain(ScannedText(text), table: CompiledPattern.compile(patterns))
    }

    /// The message's explanation, and the ACME server the text talks to.
    static func explain(_ text: ScannedText, table: [CompiledPattern]) -> Explanation {
        var explanation = explainMessage(text, table: table)
        explanation.acmeServer = ACMEServer.find(in: text)
        return explanation
    }

    /// The reasons (the CA's, or a client's own check that stopped before the CA) outrank the hints and wrappers;
    /// among reasons, the one latest in the text wins (a log of several runs is asked about its last failure); on
    /// one line, the table's more specific entry.
    private static func explainMessage(_ text: ScannedText, table: [CompiledPattern]) -> Explanation {
        for roles in [[MessagePattern.Role.ca, .client], [.hint]] {
            let found = table.filter { roles.contains($0.pattern.role) }.compactMap { entry in lastMatch(of: entry, in: text).map { (entry, $0) } }
            // `max` keeps the first of equal elements: the table's order on a tie.
            if let (entry, match) = found.max(by: { $0.1.line < $1.1.line }) { return explanation(match, pattern: entry.pattern, in: text) }
        }
        let domain = ValidationContext.lastIdentifier(in: text) ?? firstDomainName(in: text.bytes)
        return Explanation(pattern: nil, fields: domain.map { ["domain": $0] } ?? [:], context: [], causes: [],
                           command: domain.map { ["doctor", $0] } ?? [], fillIn: [], line: nil)
    }

    /// What one match said: its fields, the prefix before it, and where in the text it was.
    struct Found {
        var fields: [String: String]
        var prefix: Substring
        var line: Int
        var offset: Int
    }

    /// The pattern's match nearest the end of the text.
    private static func lastMatch(of entry: CompiledPattern, in text: ScannedText) -> Found? {
        var hits = entry.anchors.isEmpty ? text.lineStarts : entry.anchors.flatMap(text.occurrences(of:))
        if entry.anchors.count > 1 { hits.sort() }
        var lastWindow = -1
        var attempts = 0
        for hit in hits.reversed() {
            let line = text.line(containing: hit)
            let window = text.window(around: hit, line: line, before: 320, after: 1600)
            guard window.lowerBound != lastWindow else { continue }     // one short line, several anchors
            lastWindow = window.lowerBound
            attempts += 1
            guard attempts <= attemptsPerPattern else { return nil }
            let candidate = jsonDetail(in: text.string(window))
            guard let match = try? entry.regex.firstMatch(in: candidate) else { continue }
            var fields: [String: String] = [:]
            for name in CommandTemplate.fieldNames {
                if let value = match.output[name]?.substring, !value.isEmpty { fields[name] = String(value) }
            }
            return Found(fields: fields, prefix: candidate[..<match.range.lowerBound], line: line, offset: hit)
        }
        return nil
    }

    private static func explanation(_ found: Found, pattern: MessagePattern, in text: ScannedText) -> Explanation {
        let prefix = MessagePrefix(found.prefix)
        var fields = prefix.fields.merging(found.fields) { $1 }
        if let identifier = fields["identifier"] ?? ValidationContext.identifier(in: text, line: found.line, offset: found.offset)
            ?? (fields["record"] ?? fields["domain"]).map(withoutChallengeLabel) ?? fields["url"].flatMap(host(ofURL:)) {
            fields["identifier"] = identifier
        }
        let (command, fillIn) = CommandTemplate.fill(pattern.check, fields: &fields)
        return Explanation(pattern: pattern, fields: fields, context: prefix.notes,
                           causes: prefix.extraCauses + pattern.causes.map(\.text), command: command, fillIn: fillIn,
                           line: found.line + 1)
    }

    /// certbot's log carries the CA's problem document as JSON: its `"detail"` string, unescaped, reads like the
    /// message the CA sent (and like certbot's own `Detail:` line).
    private static func jsonDetail(in candidate: String) -> String {
        guard let key = candidate.firstRange(of: #""detail": ""#) else { return candidate }
        var detail = ""
        var iterator = candidate[key.upperBound...].makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"": return detail
            case "\\":
                switch iterator.next() {
                case "n": detail.append("\n")
                case "t": detail.append("\t")
                case let escaped?: detail.append(escaped)
                case nil: return detail
                }
            default: detail.append(character)
            }
        }
        return detail
    }
}

/// `_acme-challenge.example.com.` → `example.com`.
func withoutChallengeLabel(_ name: String) -> String {
    var name = Substring(name)
    while name.last == "." { name = name.dropLast() }
    return ValidationMethod.dns01.domain(ofRecordName: String(name))
}

/// `http://example.com:80/path` → `example.com`.
func host(ofURL url: String) -> String? {
    guard let scheme = url.firstRange(of: "://") else { return nil }
    let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != ":" && $0 != "?" }
    return authority.isEmpty ? nil : String(authority)
}

/// `http://example.com/.well-known/acme-challenge/TOKEN` → `/.well-known/acme-challenge/TOKEN`.
func path(ofURL url: String) -> String? {
    guard let scheme = url.firstRange(of: "://") else { return nil }
    let rest = url[scheme.upperBound...]
    return rest.firstIndex(of: "/").map { String(rest[$0...]) }
}

/// A message pattern with its regular expression compiled and its anchors as bytes, once per run.
// @unchecked Sendable: all `let`s; the regex is only matched, never mutated (Regex<AnyRegexOutput> is not marked Sendable).
struct CompiledPattern: @unchecked Sendable {
    let pattern: MessagePattern
    let regex: Regex<AnyRegexOutput>
    let anchors: [[UInt8]]

    /// The embedded table, compiled once, ordered by role (the CA's words first) and then by table order.
    static let table = compile(MessagePattern.all)

    static func compile(_ patterns: [MessagePattern]) -> [CompiledPattern] {
        let compiled = patterns.compactMap { pattern in
            (try? Regex(pattern.regex)).map {
                CompiledPattern(pattern: pattern, regex: $0.ignoresCase(), anchors: pattern.anchors.map { Array($0.lowercased().utf8) })
            }
        }
        return compiled.enumerated().sorted { ($0.element.pattern.role, $0.offset) < ($1.element.pattern.role, $1.offset) }.map(\.element)
    }
}
