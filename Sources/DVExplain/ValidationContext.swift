/// What a client's output says around a CA's message: the domain under validation. It is the name in the client's
/// own framing nearest before the message (lego's `[domain]`, certbot's `Domain:` line or its log's
/// `dns-01 challenge for` and `"identifier"`, acme.sh's `domain:Verify error:`, dehydrated's `Handling
/// authorization for`), never a zone, a server or the CA's host that the same lines also name.
enum ValidationContext {
    /// How far back a message's framing may be (certbot's log puts the identifier some 20 lines above the error).
    static let lookBack = 80
    /// How much of a context line is read: the names come at its start.
    static let lineHead = 400

    /// The domain under validation for the message found at `offset` on line `line`.
    static func identifier(in text: ScannedText, line: Int, offset: Int) -> String? {
        let before = text.string(text.window(around: offset, line: line, before: lineHead, after: 0))
        if let name = sameLine(before) { return name }
        var index = line - 1
        while index >= 0, index >= line - lookBack {
            if let name = framing(text, line: index) { return name }
            index -= 1
        }
        return nil
    }

    /// The domain under validation when no message was recognised: the framing nearest the end of the text.
    static func lastIdentifier(in text: ScannedText) -> String? {
        var index = text.lineCount - 1
        while index >= 0, index >= text.lineCount - 1 - lookBack * 4 {
            if let name = framing(text, line: index) ?? sameLine(text.head(ofLine: index, limit: lineHead)) { return name }
            index -= 1
        }
        return nil
    }

    /// lego's `[domain] acme: error: …` or acme.sh's `domain:Verify error:` on the message's own line.
    private static func sameLine(_ before: String) -> String? {
        if let match = before.firstMatch(of: Patterns.shared.acmeSh) { return name(match.output.name) }
        return before.matches(of: Patterns.shared.bracketed).last.flatMap { name($0.output.name) }
    }

    private static func framing(_ text: ScannedText, line index: Int) -> String? {
        let line = text.head(ofLine: index, limit: lineHead)
        let patterns = Patterns.shared
        if let match = line.wholeMatch(of: patterns.certbotDomain) { return name(match.output.name) }
        if let match = line.firstMatch(of: patterns.challengeFor) { return name(match.output.name) }
        if let match = line.firstMatch(of: patterns.dehydrated) { return name(match.output.name) }
        if line.contains(#""identifier": {"#) {
            for next in index + 1 ..< min(index + 4, text.lineCount) {
                if let match = text.head(ofLine: next, limit: lineHead).firstMatch(of: patterns.jsonValue) { return name(match.output.name) }
            }
        }
        if let match = line.matches(of: patterns.bracketed).last, line.contains("] acme:") || line.contains("] AuthURL") {
            return name(match.output.name)
        }
        return nil
    }

    private static func name(_ captured: Substring) -> String? {
        var name = captured.hasPrefix("*.") ? captured.dropFirst(2) : captured
        while name.last == "." { name = name.dropLast() }
        return name.isEmpty ? nil : String(name)
    }

    /// The client framings, compiled once.
    // @unchecked Sendable: immutable `let` regexes, only matched (Regex is not marked Sendable, matching does not mutate it).
    final class Patterns: @unchecked Sendable {
        static let shared = Patterns()
        let certbotDomain = #/\s*Domain:\s*(?<name>\S+)\s*/#
        let challengeFor = #/(?:dns|http|tls-alpn)-01 challenge for (?<name>[^\s,]+)/#
        let dehydrated = #/(?:Handling authorization for|Processing) (?<name>\*?[A-Za-z0-9_.-]+\.[A-Za-z0-9-]+)/#
        let jsonValue = #/"value": "(?<name>[^"]+)"/#
        let bracketed = #/\[(?<name>\*?\.?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)\]/#
        let acmeSh = #/(?<name>\*?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+):Verify error:/#
    }
}

/// The first thing in `text` that looks like a domain name, found in one pass (the checklist's target when
/// nothing in the text was recognised).
func firstDomainName(in bytes: [UInt8]) -> String? {
    func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == 45 || byte == 95 || byte == 46 || byte == 42
    }
    var start = 0
    while start < bytes.count {
        guard isNameByte(bytes[start]) else { start += 1; continue }
        var end = start
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        if let name = domainName(bytes[start ..< end]) { return name }
        start = end
    }
    return nil
}

/// `token` as a domain name (a wildcard's `*.` and a final dot dropped), if it is one: two or more labels, the
/// last starting with a letter.
private func domainName(_ token: ArraySlice<UInt8>) -> String? {
    var name = token
    if name.starts(with: [42, 46]) { name = name.dropFirst(2) }
    while name.last == 46 { name = name.dropLast() }
    guard name.count <= 253, !name.contains(42) else { return nil }
    let labels = name.split(separator: 46, omittingEmptySubsequences: false)
    guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }),
          let last = labels.last, let first = last.first, first | 0x20 >= 97, first | 0x20 <= 122,
          !last.contains(95) else { return nil }
    return String(decoding: name, as: UTF8.self)
}
