import DVExplain

/// `explain`'s document: what the message is, what it names, the likely causes in order, and the command to run.
public enum ExplainRendering {
    public static func document(_ explanation: Explanation) -> Document {
        var lines: [Styled] = []
        if let pattern = explanation.pattern, let issuer = explanation.issuer, let meaning = explanation.meaning {
            lines.append(Styled("\(issuer): \(meaning)", .strong) + " [\(pattern)]")
        } else {
            lines.append(Styled("not a message dvtool knows", .caution) + ": it may come from a CA or client dvtool has no entry for")
        }
        let named = explanation.fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        if !named.isEmpty { lines.append(Styled("names: " + named.joined(separator: ", "))) }
        if let server = explanation.acmeServer {
            let ca = explanation.ca.map { "\($0.name)\($0.staging ? " staging" : ""): CAA must allow \($0.issuerDomains.joined(separator: " or "))" }
                ?? "not a CA dvtool knows: give caa the CA's issuer domain with --ca"
            lines.append(Styled("ACME server: \(server) (\(ca))"))
        }
        lines += explanation.context.map { Styled("context: " + $0) }
        if !explanation.causes.isEmpty {
            lines.append("likely causes, most likely first:")
            lines += explanation.causes.enumerated().map { Styled("  \($0.offset + 1). \($0.element)") }
        }
        if let line = explanation.line { lines.append("found on line \(line) of the text") }
        lines += explanation.fillIn.map { Styled("fill in: " + $0) }
        if !explanation.command.isEmpty {
            let command = (["dvtool"] + explanation.command).map(ShellWord.quote).joined(separator: " ")
            lines.append(Styled((explanation.recognized ? "reproduce it: " : "run the whole checklist: ") + command))
        }
        if let confirmed = explanation.confirmed {
            lines.append(Styled(confirmed.isEmpty ? "the check did not confirm any listed cause (see its output above)"
                                                  : "confirmed by the check: " + confirmed.joined(separator: "; ")))
        }
        if let source = explanation.source { lines.append(Styled("wording: " + source)) }
        return Document(blocks: lines.map(Block.line))
    }
}
