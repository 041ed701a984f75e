import DVBasics
import DVHook
import DVHTTPCheck

/// What a hook prints on stderr, where every ACME client shows or logs it: one line when the gate passed; a
/// banner, the CA's words and the failing tables when it did not (certbot ignores the exit code: it must be seen).
public enum HookRendering {
    public static func document(_ report: GateReport) -> Document {
        let names = Set(report.records.map(\.name)).sorted().joined(separator: ", ")
        guard !report.passed else {
            return Document(blocks: ([Styled("dvtool gate: ok", .good) + (" after \(Int(report.seconds)) s: every value is on every authoritative server "
                + "and no resolver holds an old answer (\(names)); the CA can be asked")] + report.notes.map { Styled("  note: " + $0) }).map(Block.line))
        }
        var lines: [Styled] = [Styled(String(repeating: "=", count: 72)),
                               Styled("dvtool gate: NOT READY", .bad) + " after \(Int(report.seconds)) s and \(report.rounds) round(s): do not let the CA validate yet",
                               "If the CA were asked now, it would answer:"]
        lines += report.whatTheCAWouldSay.map { Styled("  " + $0) }
        lines.append(Styled(String(repeating: "=", count: 72)))
        var document = Document(blocks: lines.map(Block.line))
        for txt in report.txt where txt.status != .ok {
            document.append(.line(""))
            document.blocks += TXTRendering.document(txt, display: txt.name).titledBlocks
        }
        return document
    }

    public static func document(_ report: HTTPCheckReport) -> Document {
        let rule = Block.line(Styled(String(repeating: "=", count: 72)))
        guard report.status == .ok else {
            return Document(blocks: [rule, .line(Styled("dvtool gate: NOT READY", .bad) + ": the CA's fetch of \(report.url) would fail"), .line("")]
                                + HTTPCheckRendering.document(report).blocks + [rule])
        }
        return Document(blocks: [.line(Styled("dvtool gate: ok", .good) + ": every address of \(report.domain) serves \(report.url) as the CA will fetch it")])
    }
}

/// What a hook call prints, in order: the provider's own output unchanged, then the gate's verdict on stderr
/// (where every client shows or logs it), or JSON on stdout.
public struct HookPrintout: Sendable {
    public enum Stream: Sendable { case standardOutput, standardError }

    public var lines: [(stream: Stream, text: String)] = []
    /// The verdict's text, for `CertbotStop` (empty when the gate did not run).
    public var verdict = ""

    public init(_ outcome: HookOutcome, json: Bool) {
        if let provider = outcome.provider {
            if !provider.stdout.isEmpty { lines.append((.standardOutput, provider.stdout.trimmingWhitespace(includingNewlines: true))) }
            if !provider.stderr.isEmpty { lines.append((.standardError, provider.stderr.trimmingWhitespace(includingNewlines: true))) }
            if !provider.succeeded {
                lines.append((.standardError, "dvtool: error: the provider command failed (exit \(provider.status)\(provider.timedOut ? ", timed out" : "")): nothing was checked"))
            }
        }
        if json, let gate = outcome.gate { lines.append((.standardOutput, JSONOutput.encode(gate, pretty: true))) }
        if json, let http = outcome.http { lines.append((.standardOutput, JSONOutput.encode(http, pretty: true))) }
        verdict = [outcome.gate.map(HookRendering.document), outcome.http.map(HookRendering.document)].compactMap { $0 }
            .map { TextWriter().write($0) }.joined(separator: "\n")
        if !verdict.isEmpty { lines.append((.standardError, verdict)) }
        if let count = outcome.deferred {
            lines.append((.standardError, "dvtool gate: \(count) record(s) of this order kept; the gate runs after the last challenge"))
        }
    }
}
