import DVReport
import DVResolve
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `resolve|txt|doctor --from … --format html`: the run gathered into one page. Totals first; the worst rows
/// (problems, then names that could not be checked, in input order) up to `limit`, saying how many were left out;
/// every row's JSON line embedded, so nothing is lost to the cap. For a kind whose rows carry the live
/// certificate's expiry (doctor), the names by expiry as bars; for the others, a line saying why there is no such view.
public final class BulkPage<Report: BulkRow> {
    public let limit: Int
    private var expiry: ExpiryBuckets
    private var problems: [(line: Int, report: Report)] = []
    private var unchecked: [(line: Int, report: Report)] = []
    private var worse = 0
    private var badLines: [String] = []
    private var jsonLines: [String] = []

    /// `now`: the run's time, which the expiry buckets are measured from.
    public init(limit: Int = 1000, now: Date = Date()) {
        self.limit = limit
        expiry = ExpiryBuckets(now: now)
    }

    public func add(_ outcome: BulkBatch<Report>.Outcome, jsonLine: String) {
        jsonLines.append(jsonLine)
        switch outcome {
        case let .report(line, report):
            if Report.noExpiryReason == nil { expiry.add(report.certificateNotAfter) }
            switch report.status {
            case .ok: break
            case .problem: keep(line, report, in: &problems)
            case .error: keep(line, report, in: &unchecked)
            }
        case let .badName(line, input, message):
            badLines.append("line \(line): \(input): \(message)")
        }
    }

    /// At most `limit` of each kind in memory: the page shows no more than `limit` rows in all.
    private func keep(_ line: Int, _ report: Report, in rows: inout [(line: Int, report: Report)]) {
        worse += 1
        if rows.count < limit { rows.append((line, report)) }
    }

    public func document(_ tally: BulkTally) -> Document {
        let sentence = "\(tally.done) names: \(tally.ok) ok, \(tally.problem) problem, \(tally.couldNotCheck) could not check "
            + "(\(tally.rateLimited) rate-limited)" + (tally.badLines > 0 ? ", \(tally.badLines) bad line(s)" : "")
        var totals = DocumentTable(header: ["STATUS", "NAMES"])
        for (label, count) in [("ok", tally.ok), ("problem", tally.problem), ("could not check", tally.couldNotCheck),
                               ("rate-limited (counted above too)", tally.rateLimited), ("bad lines", tally.badLines)] {
            totals.append([label, "\(count)"], tone: { column, _ in column == 0 && label == "ok" ? .good : column == 0 && count > 0 ? .bad : nil })
        }
        var document = Document(title: "\("\(Report.bulkCommand) --from: \(tally.done) names", .strong)", blocks: [.table(totals)],
                                verdict: DocumentVerdict(tally.worstStatus, sentence: sentence))
        if let reason = Report.noExpiryReason {
            document.append(.line("expiry view: none, as \(reason)"))
        } else {
            document.append(.bars(expiry.chart))
        }
        let shown = Array((problems + unchecked).sorted { ($0.report.status == .problem ? 0 : 1, $0.line) < ($1.report.status == .problem ? 0 : 1, $1.line) }.prefix(limit))
        if !shown.isEmpty {
            var worst = DocumentTable(header: ["LINE", "NAME", "STATUS"] + Report.pageHeader)
            for (line, report) in shown {
                worst.append(["\(line)", report.pageName, report.status.rawValue] + report.pageCells,
                             tone: { column, _ in column == 2 ? .bad : nil }, mark: report.status == .problem ? "problem" : "could not check")
            }
            document.append(.line("\("The worst \(shown.count) of \(worse) names that are not ok", .strong)"))
            document.append(.table(worst))
        }
        if worse > shown.count {
            document.append(.line("\(worse - shown.count) more names that are not ok are left out of this table (the limit is \(limit)); the embedded JSON has every row"))
        }
        if !badLines.isEmpty { document.append(lines: [""] + badLines.prefix(limit).map { Styled($0) }) }
        return document
    }

    /// The run's JSON: every line's object, as `--json` streams them, in one array.
    public var json: String { "[\n" + jsonLines.joined(separator: ",\n") + "\n]" }
}
