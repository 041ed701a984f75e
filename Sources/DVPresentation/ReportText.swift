import DVReport

/// The pieces every DNS report shares: problem findings, the verdict column, round-trip times and the
/// closing status line.
public enum ReportText {
    /// A report's last line, read from its one `CheckStatus` (which also sets the exit code), so the line cannot
    /// say "ok" while the exit code says otherwise.
    public static func status(_ status: CheckStatus, ok: String, couldNotCheck: String) -> Block {
        .status(StatusLine(status: status, ok: ok, couldNotCheck: couldNotCheck))
    }

    /// What a DNS report's "could not check" line says: nothing was asked, or only part of it.
    static func couldNotCheck(anyAuthoritativeAnswered: Bool) -> String {
        anyAuthoritativeAnswered ? "some servers or resolvers could not be asked from here (see above): what they hold is unknown"
            : "no authoritative server could be asked"
    }

    /// "problem [code] message" in text; each with the documentation page `doc` in HTML.
    static func problems(_ problems: [Problem], doc: DocPage = .readme) -> Block {
        .findings(problems.map { problem in
            Finding(id: problem.code.rawValue, title: problem.code.rawValue, verdict: problem.severity == .error ? .problem : .warning,
                    detail: problem.message, doc: doc.link)
        }, .problems)
    }

    /// A VERDICT cell: green when it starts with "ok", red otherwise.
    static func verdictTone(_ cell: String) -> Tone {
        cell.hasPrefix("ok") ? .good : .bad
    }

    /// A round-trip time rounded to a tenth of a millisecond: "12.3ms".
    static func milliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))ms"
    }
}

/// The documentation page that explains a check, where the package installs it.
public enum DocPage: String, Sendable {
    case readme = "README.md"
    case dnssec = "docs/dnssec.md", cert = "docs/cert.md", path = "docs/path.md", perspectives = "docs/perspectives.md"
    case methods = "docs/methods.md"

    public var link: String { "file:///usr/share/doc/dvtool/" + rawValue }
}
