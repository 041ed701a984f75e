import DVExplain

/// `explain`'s text: what the message is, what it names, the likely causes in order, and the command to run.
public enum ExplainRendering {
    public static func text(_ explanation: Explanation) -> String {
        var lines: [String] = []
        if let pattern = explanation.pattern, let issuer = explanation.issuer, let meaning = explanation.meaning {
            lines.append(ANSIStyle.paint("\(issuer): \(meaning)", .bold) + " [\(pattern)]")
        } else {
            lines.append(ANSIStyle.paint("not a message dvtool knows", .yellow) + ": it may come from a CA or client dvtool has no entry for")
        }
        let named = explanation.fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        if !named.isEmpty { lines.append("names: " + named.joined(separator: ", ")) }
        lines += explanation.context.map { "context: " + $0 }
        if !explanation.causes.isEmpty {
            lines.append("likely causes, most likely first:")
            lines += explanation.causes.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        }
        if let line = explanation.line { lines.append("found on line \(line) of the text") }
        lines += explanation.fillIn.map { "fill in: " + $0 }
        if !explanation.command.isEmpty {
            let command = (["dvtool"] + explanation.command).map(shellWord).joined(separator: " ")
            lines.append((explanation.recognized ? "reproduce it: " : "run the whole checklist: ") + command)
        }
        if let confirmed = explanation.confirmed {
            lines.append(confirmed.isEmpty ? "the check did not confirm any listed cause (see its output above)"
                                           : "confirmed by the check: " + confirmed.joined(separator: "; "))
        }
        if let source = explanation.source { lines.append("wording: " + source) }
        return lines.joined(separator: "\n")
    }

    private static func shellWord(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@=*".contains($0) } && !word.hasPrefix("*") ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
