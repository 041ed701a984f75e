/// How a command writes its report: the terminal text, the report's JSON, or one self-contained HTML page.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, html
}
