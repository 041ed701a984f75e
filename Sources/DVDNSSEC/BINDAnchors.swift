/// BIND's anchor clauses (bind.keys, named.conf): `trust-anchors { NAME initial-key|static-key FLAGS PROTOCOL
/// ALGORITHM "KEY"; NAME initial-ds|static-ds TAG ALGORITHM DIGEST-TYPE "DIGEST"; };`, the same in
/// `managed-keys`, and the older `trusted-keys { NAME FLAGS PROTOCOL ALGORITHM "KEY"; };`. For a one-shot
/// validation initial and static anchors are alike. Other clauses of a named.conf are passed over.
enum BINDAnchors {
    static let clauses = ["trust-anchors", "managed-keys", "trusted-keys"]

    struct Token {
        enum Kind { case word, quoted, open, close, end }
        var kind: Kind
        var text: String
        var line: Int
    }

    static func entries(in text: String) throws(AnchorSyntaxError) -> [AnchorEntry] {
        let tokens = try tokenize(text)
        var entries: [AnchorEntry] = []
        var index = 0
        var found = false
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard token.kind == .word, clauses.contains(token.text), index < tokens.count, tokens[index].kind == .open else { continue }
            found = true
            index += 1
            var statement: [Token] = []
            while true {
                guard index < tokens.count else {
                    throw AnchorSyntaxError(line: token.line, reason: "the \(token.text) clause opened here is never closed with \"};\"")
                }
                let next = tokens[index]
                index += 1
                if next.kind == .close { break }
                if next.kind == .end {
                    if !statement.isEmpty { entries.append(try entry(statement, in: token.text)) }
                    statement = []
                } else {
                    statement.append(next)
                }
            }
            if !statement.isEmpty { entries.append(try entry(statement, in: token.text)) }
        }
        guard found else { throw AnchorSyntaxError(line: nil, reason: "no trust-anchors, managed-keys or trusted-keys clause") }
        return entries
    }

    /// One statement: `NAME KIND A B C "DATA"` (`trusted-keys` has no KIND), as a DS or DNSKEY record.
    private static func entry(_ statement: [Token], in clause: String) throws(AnchorSyntaxError) -> AnchorEntry {
        let line = statement[0].line
        let kinds = ["initial-key": "DNSKEY", "static-key": "DNSKEY", "initial-ds": "DS", "static-ds": "DS"]
        let type: String
        let fields: ArraySlice<Token>
        if clause == "trusted-keys" {
            type = "DNSKEY"
            fields = statement.dropFirst()
        } else {
            guard statement.count > 1, let kind = kinds[statement[1].text] else {
                throw AnchorSyntaxError(line: line, reason: "expected NAME initial-key, static-key, initial-ds or static-ds, got \"\(statement.prefix(2).map(\.text).joined(separator: " "))\"")
            }
            type = kind
            fields = statement.dropFirst(2)
        }
        let numbers = fields.prefix(3)
        guard numbers.count == 3, numbers.allSatisfy({ $0.kind == .word && UInt16($0.text) != nil }), fields.count > 3 else {
            throw AnchorSyntaxError(line: line, reason: type == "DS"
                ? "expected KEY-TAG ALGORITHM DIGEST-TYPE \"DIGEST\" after \(statement[0].text)"
                : "expected FLAGS PROTOCOL ALGORITHM \"KEY\" after \(statement[0].text)")
        }
        // The key or digest may be split over lines and strings; its blanks carry nothing.
        let data = fields.dropFirst(3).map(\.text).joined().filter { !$0.isWhitespace }
        let name = statement[0].text.hasSuffix(".") ? statement[0].text : statement[0].text + "."
        return AnchorEntry(presentation: "\(name) IN \(type) \(numbers.map(\.text).joined(separator: " ")) \(data)", line: line)
    }

    /// named.conf's lexical rules: `#`, `//` and `/* */` comments, quoted strings, braces and semicolons.
    private static func tokenize(_ text: String) throws(AnchorSyntaxError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        var line = 1
        var word = ""
        func flush() {
            if !word.isEmpty { tokens.append(Token(kind: .word, text: word, line: line)) }
            word = ""
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "#" || (character == "/" && next == "/") {
                flush()
                while index < characters.count, !characters[index].isNewline { index += 1 }
                continue
            }
            if character == "/" && next == "*" {
                flush()
                let start = line
                index += 2
                while index < characters.count, !(characters[index] == "*" && index + 1 < characters.count && characters[index + 1] == "/") {
                    if characters[index].isNewline { line += 1 }
                    index += 1
                }
                guard index < characters.count else { throw AnchorSyntaxError(line: start, reason: "a /* comment that never ends") }
                index += 2
                continue
            }
            index += 1
            switch character {
            case "\"":
                flush()
                let start = line
                var quoted = ""
                while index < characters.count, characters[index] != "\"" {
                    if characters[index].isNewline { line += 1 }
                    quoted.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw AnchorSyntaxError(line: start, reason: "a quoted string that never ends") }
                index += 1
                tokens.append(Token(kind: .quoted, text: quoted, line: start))
            case "{": flush(); tokens.append(Token(kind: .open, text: "{", line: line))
            case "}": flush(); tokens.append(Token(kind: .close, text: "}", line: line))
            case ";": flush(); tokens.append(Token(kind: .end, text: ";", line: line))
            case _ where character.isWhitespace:
                flush()
                if character.isNewline { line += 1 }
            default: word.append(character)
            }
        }
        flush()
        return tokens
    }
}
