import DVBasics

/// DS and DNSKEY records in zone-file form, with or without TTL and class, one a line or grouped by
/// parentheses. Unbound's autotrust file is this form with its state in comments (`;;id: . 1` header lines,
/// `;{id = 20326 (ksk), size = 2048b} ;;state=2 [  VALID  ]` after each key): Unbound trusts a DNSKEY only in
/// state VALID or MISSING, a DS always, and nothing in a file whose first line is `;;REVOKED`.
enum ZoneFileAnchors {
    static func entries(in text: String) throws(AnchorSyntaxError) -> [AnchorEntry] {
        var entries: [AnchorEntry] = []
        var pending: (data: String, comments: String, line: Int)?
        var depth = 0
        var trustPointRevoked = false
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let parts = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            let data = parts.first.map(String.init) ?? ""
            let comment = parts.count > 1 ? String(parts[1]) : ""
            if pending == nil {
                if line.hasPrefix(";;REVOKED") { trustPointRevoked = true }
                let word = data.drop { $0.isWhitespace }
                if word.isEmpty { continue }
                if word.hasPrefix("$TTL") { continue }  // TTLs never matter to an anchor
                if word.hasPrefix("$") {
                    throw AnchorSyntaxError(line: number, reason: "the directive \(word.prefix { !$0.isWhitespace }) is not supported: write each record with its absolute owner name")
                }
            }
            var record = pending ?? (data: "", comments: "", line: number)
            record.data += " " + data
            record.comments += " " + comment
            for character in data {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
            }
            guard depth >= 0 else { throw AnchorSyntaxError(line: number, reason: "a \")\" without its \"(\"") }
            if depth > 0 { pending = record; continue }
            pending = nil
            let presentation = record.data.trimmingWhitespace(includingNewlines: true)
            let isKey = presentation.split(whereSeparator: \.isWhitespace).contains { $0.uppercased() == "DNSKEY" }
            let setAside = trustPointRevoked ? "is in a trust point Unbound marked revoked (;;REVOKED)"
                : isKey ? unboundStateSetAside(record.comments) : nil
            entries.append(AnchorEntry(presentation: presentation, line: record.line, setAside: setAside))
        }
        if let pending { throw AnchorSyntaxError(line: pending.line, reason: "the \"(\" opened here is never closed") }
        return entries
    }

    /// Why Unbound would not use a DNSKEY in the state its comment names (`;;state=1 [ ADDPEND ]`), or nil.
    static func unboundStateSetAside(_ comments: String) -> String? {
        guard let range = comments.firstRange(of: "state="), let digit = comments[range.upperBound...].first else { return nil }
        switch digit {
        case "2", "3": return nil  // VALID, MISSING: trusted
        case "0": return "is in Unbound's state START: not trusted yet"
        case "1": return "is in Unbound's state ADDPEND: not trusted until its hold-down time passes (RFC 5011)"
        case "4": return "is in Unbound's state REVOKED: its zone withdrew it"
        case "5": return "is in Unbound's state REMOVED: no longer trusted"
        default: return "is in an Unbound state dvtool does not know (state=\(digit)): not trusted"
        }
    }
}
