#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A bulk run's names by when their live certificate runs out, measured from one moment (the run's time): what a
/// hosting team renews first.
public struct ExpiryBuckets: Sendable, Equatable {
    public enum Bucket: String, CaseIterable, Sendable {
        case expired
        case underSevenDays = "< 7 days"
        case underThirtyDays = "< 30 days"
        case later
        case noCertificate = "no certificate"

        /// The CSS class of its bar.
        var name: String {
            switch self {
            case .expired: "expired"
            case .underSevenDays: "under-7-days"
            case .underThirtyDays: "under-30-days"
            case .later: "later"
            case .noCertificate: "no-certificate"
            }
        }
    }

    public let now: Date
    public private(set) var counts: [Bucket: Int] = [:]

    public init(now: Date) { self.now = now }

    /// notAfter is the last valid second (RFC 5280), so a certificate expires once it is past; exactly 7 days left is
    /// no longer "< 7 days", exactly 30 no longer "< 30 days".
    public func bucket(_ notAfter: Date?) -> Bucket {
        guard let notAfter else { return .noCertificate }
        let left = notAfter.timeIntervalSince(now)
        return left < 0 ? .expired : left < 7 * 86400 ? .underSevenDays : left < 30 * 86400 ? .underThirtyDays : .later
    }

    public mutating func add(_ notAfter: Date?) { counts[bucket(notAfter), default: 0] += 1 }

    public var chart: BarChart {
        let total = counts.values.reduce(0, +)
        return BarChart(caption: "Live certificate expiry of \(total) names, measured from \(now.ISO8601Format())",
                        bars: Bucket.allCases.map { BarChart.Bar(label: $0.rawValue, count: counts[$0, default: 0], name: $0.name) })
    }
}

/// Counts drawn as horizontal bars; each bar's label and count are written beside it.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var count: Int
        /// Its CSS class, `bucket-NAME`.
        public var name: String
    }

    public var caption: String
    public var bars: [Bar]

    /// `label: count` per bar, for text.
    var lines: [String] { bars.map { "\($0.label): \($0.count)" } }
}

/// A `BarChart` as inline SVG drawn by dvtool: bar lengths proportional to the counts (a full bar is every name),
/// the count written after each bar, and a `<title>` per bar, so colour is never the only signal.
enum BarSVG {
    static let width = 640
    static let labelWidth = 130
    static let barSpace = 420
    static let rowHeight = 26

    static func figure(_ chart: BarChart) -> String {
        let total = max(1, chart.bars.map(\.count).reduce(0, +))
        let height = chart.bars.count * rowHeight + 8
        let summary = chart.caption + ": " + chart.bars.map { "\($0.count) \($0.label)" }.joined(separator: ", ")
        var body = ""
        for (index, bar) in chart.bars.enumerated() {
            let top = 4 + index * rowHeight
            let length = bar.count * barSpace / total
            body += "<g class=\"bar bucket-\(bar.name)\" data-bucket=\"\(HTML.escape(bar.label))\" data-count=\"\(bar.count)\">"
                + "<title>\(HTML.escape("\(bar.label): \(bar.count) of \(total) names"))</title>"
                + "<text class=\"bar-label\" x=\"4\" y=\"\(top + 17)\">\(HTML.escape(bar.label))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(top + 3)\" width=\"\(length)\" height=\"\(rowHeight - 8)\"/>"
                + "<text class=\"bar-count\" x=\"\(labelWidth + length + 6)\" y=\"\(top + 17)\">\(bar.count)</text></g>\n"
        }
        return "<figure class=\"expiry\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" aria-label=\"\(HTML.escape(summary))\">\n<title>\(HTML.escape(chart.caption))</title>\n"
            + "<desc>\(HTML.escape(summary))</desc>\n\(body)</svg>\n<figcaption>\(HTML.escape(chart.caption))</figcaption>\n</figure>\n"
    }
}
