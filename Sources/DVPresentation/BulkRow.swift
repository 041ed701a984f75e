import DVDoctor
import DVReport
import DVResolve
import DVTLS
import DVTXT
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A report a bulk run (`--from`) streams, one line per name: what the shared tally, resume file and exit code need
/// of it, and its two renderings. Every JSON line carries the input's line number under `line`.
public protocol BulkRow: Sendable {
    /// The command's name in the closing line, e.g. `txt shard 3/16: …`.
    static var bulkCommand: String { get }
    var status: CheckStatus { get }
    /// Whether a server limited the queries, so the name's result says little (counted on its own in the tally).
    var wasRateLimited: Bool { get }
    func jsonLine(line: Int) -> String
    /// The line of text mode, after the status word.
    var summary: Styled { get }
    /// The HTML page's table of the worst rows (`--format html`): its header after LINE, NAME and STATUS ...
    static var pageHeader: [String] { get }
    /// ... the name, and this row's cells under that header.
    var pageName: String { get }
    var pageCells: [String] { get }
    /// Why the page has no expiry view for this kind of row; nil: the rows carry `certificateNotAfter` and the page
    /// draws the view.
    static var noExpiryReason: String? { get }
    /// When the name's live certificate runs out; nil when none was fetched (or the kind fetches none).
    var certificateNotAfter: Date? { get }
}

extension BulkRow {
    public var certificateNotAfter: Date? { nil }

    /// One line per name: the summary in text mode, one JSON object with --json.
    static func batchLine(_ outcome: BulkBatch<Self>.Outcome, json: Bool) -> String {
        switch outcome {
        case let .report(line, report):
            return json ? report.jsonLine(line: line) : TextWriter().paint(statusWord(report.status) + " " + report.summary)
        case let .badName(line, input, message):
            return json ? JSONOutput.encode(BadLine(line: line, input: input, error: message)) : "line \(line): \(message)"
        }
    }

    private static func statusWord(_ status: CheckStatus) -> Styled {
        switch status {
        case .ok: "\("ok     ", .good)"
        case .problem: "\("problem", .bad)"
        case .error: "\("error  ", .bad)"
        }
    }
}

private struct BadLine: Encodable {
    let line: Int
    let input: String
    let error: String
}

/// A report's own JSON object with `line` added among its sorted keys: the report encodes itself into the same
/// keyed container first.
struct NumberedReport<Report: Encodable>: Encodable {
    let line: Int
    let report: Report

    private enum Key: String, CodingKey { case line }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(line, forKey: .line)
    }
}

extension ResolveReport: BulkRow {
    public static var bulkCommand: String { "resolve" }
    public var wasRateLimited: Bool { authoritative.contains { $0.verdict == .rateLimited } }
    public func jsonLine(line: Int) -> String { jsonLine(line: Optional(line)) }

    public var summary: Styled {
        let addresses = Set(authoritative.filter { $0.verdict == .ok || $0.verdict == .mismatch }.flatMap(\.addresses)).sorted()
        return "\(name) \(addresses.joined(separator: " "))" + problems.bulkCodes
    }

    public static var pageHeader: [String] { ["ADDRESSES", "PROBLEMS"] }
    public var pageName: String { name }
    public var pageCells: [String] {
        let addresses = Set(authoritative.flatMap(\.addresses)).sorted().joined(separator: " ")
        return [addresses.isEmpty ? "-" : addresses, problems.pageCodes]
    }
    public static var noExpiryReason: String? { "resolve rows carry no expiry dates (no certificate is fetched)" }
}

extension TXTReport: BulkRow {
    public static var bulkCommand: String { "txt" }
    public var wasRateLimited: Bool { authoritative.contains { $0.verdict == .rateLimited } }
    public func jsonLine(line: Int) -> String { JSONOutput.encode(NumberedReport(line: line, report: self)) }

    /// The name, the values the authoritative servers serve, and the codes of the problems.
    public var summary: Styled {
        let values = Set(authoritative.flatMap(\.values)).sorted().map { "\"\($0)\"" }
        return "\(([name] + values).joined(separator: " "))" + problems.bulkCodes
    }

    public static var pageHeader: [String] { ["VALUES", "PROBLEMS"] }
    public var pageName: String { name }
    public var pageCells: [String] {
        let values = Set(authoritative.flatMap(\.values)).sorted().map { "\"\($0)\"" }.joined(separator: " ")
        return [values.isEmpty ? "-" : values, problems.pageCodes]
    }
    public static var noExpiryReason: String? { "txt rows carry no expiry dates (no certificate is fetched)" }
}

extension DoctorReport: BulkRow {
    public static var bulkCommand: String { "doctor" }
    public var wasRateLimited: Bool { false }
    public func jsonLine(line: Int) -> String { JSONOutput.encode(NumberedReport(line: line, report: self)) }

    /// The domain and its first problem (else the first item that could not be checked), with the item's id.
    public var summary: Styled {
        guard let first = items.first(where: { $0.verdict == .problem }) ?? items.first(where: { $0.verdict == .couldNotCheck }) else {
            return "\(domain)"
        }
        return "\(domain) \(first.id): \(first.detail)"
    }

    public static var pageHeader: [String] { ["FIRST ITEM NOT OK", "DETAIL"] }
    public var pageName: String { domain }
    public var pageCells: [String] {
        guard let first = items.first(where: { $0.verdict == .problem }) ?? items.first(where: { $0.verdict == .couldNotCheck }) else {
            return ["-", "-"]
        }
        return [first.id, first.detail]
    }
    /// Doctor's rows carry the live certificate's expiry: the page draws the view.
    public static var noExpiryReason: String? { nil }
}

private extension [Problem] {
    /// The codes of every problem, for the page's table.
    var pageCodes: String {
        let codes = Set(map(\.code.rawValue)).sorted().joined(separator: ", ")
        return codes.isEmpty ? "-" : codes
    }

    /// ` [code,code]`: what failed (and rate limits), after a bulk line's name; empty when nothing did.
    var bulkCodes: Styled {
        let codes = Set(filter { $0.severity == .error || $0.code == .rateLimited }.map(\.code.rawValue)).sorted()
        return Styled(codes.isEmpty ? "" : " [" + codes.joined(separator: ",") + "]")
    }
}
