import DVBasics

/// Colour for text reports: on only when stdout is a terminal and NO_COLOR is unset, so that piped output
/// and files stay plain bytes.
public enum ANSIStyle {
    public static let enabled: Bool = StandardStream.output.isTerminal && environmentValue("NO_COLOR") == nil

    public enum Colour: String, Sendable {
        case red = "31", green = "32", yellow = "33", bold = "1", dim = "2"
    }

    public static func paint(_ text: String, _ colour: Colour, when on: Bool = enabled) -> String {
        on ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}
