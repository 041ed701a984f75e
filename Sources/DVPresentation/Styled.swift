/// What a styled run of text means; the text writer maps it to ANSI, the HTML writer to a class.
public enum Tone: String, Sendable {
    case strong, good, bad, caution, faint
}

/// Text with toned runs, written like a string: `"\("ok", .good): every server answers"`.
public struct Styled: Sendable, Equatable, ExpressibleByStringInterpolation {
    public struct Run: Sendable, Equatable {
        public var text: String
        public var tone: Tone?
    }

    public private(set) var runs: [Run] = []

    public init(_ text: String, _ tone: Tone? = nil) { if !text.isEmpty { runs = [Run(text: text, tone: tone)] } }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: StringInterpolation) { runs = stringInterpolation.runs }

    /// The text without tones.
    public var plain: String { runs.map(\.text).joined() }

    public static func + (left: Styled, right: Styled) -> Styled {
        var joined = left
        joined.runs += right.runs
        return joined
    }

    public static func + (left: Styled, right: String) -> Styled { left + Styled(right) }

    public static func + (left: String, right: Styled) -> Styled { Styled(left) + right }

    public static func += (left: inout Styled, right: Styled) { left = left + right }

    public static func += (left: inout Styled, right: String) { left = left + Styled(right) }

    public struct StringInterpolation: StringInterpolationProtocol {
        var runs: [Run] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { append(literal, nil) }

        public mutating func appendInterpolation(_ text: String, _ tone: Tone) { append(text, tone) }

        public mutating func appendInterpolation(_ styled: Styled) { runs += styled.runs }

        public mutating func appendInterpolation<Value>(_ value: Value) { append(String(describing: value), nil) }

        private mutating func append(_ text: String, _ tone: Tone?) {
            guard !text.isEmpty else { return }
            runs.append(Run(text: text, tone: tone))
        }
    }
}
