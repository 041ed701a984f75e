import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a `token` subcommand generated, for text or JSON output.
struct TokenReport: Encodable {
    struct Name: Encodable {
        let ascii: String
        let unicode: String
    }

    struct Record: Encodable {
        let domain: String
        /// FQDN with the trailing dot.
        let name: String
        /// Relative to `zone`; `@` for the apex.
        let host: String
        let zone: String
        let zoneAssumed: Bool
        let type: String
        let value: String
        let ttl: Int
        let zoneFileLine: String
    }

    struct File: Encodable {
        let domain: String
        let url: String
        let path: String
        let body: String
        /// Where --webroot wrote it.
        var writtenTo: String?
    }

    struct Saved: Encodable {
        let store: String
        let entries: Int
        let replaced: Int
    }

    let kind: String
    let ca: String
    var domains: [Name] = []
    /// Ordered facts (value, token, thumbprint, hashes…) as (JSON key, text label, value); JSON: one object.
    var values: [(key: String, label: String, value: String)] = []
    var records: [Record] = []
    var files: [File] = []
    var notes: [String] = []
    var warnings: [String] = []
    var saved: Saved?
    /// What --save stores; not printed.
    var storedTokens: [StoredToken] = []

    init(kind: String, ca: String) {
        self.kind = kind
        self.ca = ca
    }

    mutating func add(_ record: PublishedRecord, domain: ChallengeDomain, zone: Zone) {
        // *.example.com and example.com share one record (Sectigo CNAME, ACME TXT name): print it once.
        if let same = records.first(where: { $0.name == record.name && $0.type == record.type && $0.value == record.value }) {
            notes.append("the \(record.type) record for \(same.domain) also covers \(domain.name)")
            return
        }
        records.append(Record(domain: domain.name, name: record.name, host: record.host(inZone: zone.name) ?? record.name,
                              zone: zone.name, zoneAssumed: zone.assumed, type: record.type, value: record.value,
                              ttl: record.ttl, zoneFileLine: record.zoneFileLine))
    }

    mutating func add(_ file: ValidationFile, domain: ChallengeDomain) {
        files.append(File(domain: domain.name, url: file.url(domain: domain), path: file.path, body: file.body))
    }

    enum Key: String, CodingKey {
        case kind, ca, domains, values, records, files, notes, warnings, saved
    }

    private struct DynamicKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(ca, forKey: .ca)
        try container.encode(domains, forKey: .domains)
        var nested = container.nestedContainer(keyedBy: DynamicKey.self, forKey: .values)
        for (key, _, value) in values { try nested.encode(value, forKey: DynamicKey(stringValue: key)) }
        try container.encode(records, forKey: .records)
        try container.encode(files, forKey: .files)
        try container.encode(notes, forKey: .notes)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(saved, forKey: .saved)
    }
}

enum TokenOutput {
    /// Writes the webroot file, saves to the store, then prints; throws for exit code 2/3.
    static func finish(_ report: inout TokenReport, options: TokenSaveOptions, json: Bool) throws(CLIError) {
        if let webroot = options.webroot {
            for index in report.files.indices {
                let target = webroot + report.files[index].path
                do {
                    try AtomicFile.write(Array(report.files[index].body.utf8), to: target, mode: 0o644, overwrite: options.force)
                } catch {
                    throw error.code == .exists ? CLIError.badInput(error.description) : CLIError.couldNotCheck(error.description)
                }
                report.files[index].writtenTo = target
            }
        }
        if options.save {
            let path = options.storePath
            var replaced = 0
            var stale: [StoredToken] = []
            do {
                try TokenStore.update(path: path) { (store: inout TokenStore) throws(TokenError) in
                    for token in report.storedTokens where try store.insert(token, replace: options.force) != nil {
                        replaced += 1
                    }
                    stale = store.tokens.filter { $0.isStale() }
                }
            } catch {
                switch error.code {
                case .exists, .storeUnreadable: throw CLIError.badInput(error.description)
                default: throw CLIError.couldNotCheck(error.description)
                }
            }
            report.saved = TokenReport.Saved(store: path, entries: report.storedTokens.count, replaced: replaced)
            if !stale.isEmpty {
                let names = Set(stale.map(\.domain)).sorted().joined(separator: ", ")
                report.warnings.append("the store holds \(stale.count) value(s) older than 30 days (\(names)); CAs reject them: `dvtool token list`, `dvtool token remove DOMAIN`")
            }
        }
        if json {
            Terminal.line(JSONOutput.encode(report, pretty: true))
        } else {
            Terminal.line(text(report, options: options))
        }
    }

    static func text(_ report: TokenReport, options: TokenSaveOptions) -> String {
        var lines: [String] = []
        for name in report.domains {
            lines.append(Terminal.paint(name.ascii, .bold) + (name.unicode != name.ascii ? "  (Unicode: \(name.unicode))" : ""))
        }
        let width = (report.values.map(\.label.count).max() ?? 0) + 2
        for (_, label, value) in report.values {
            lines.append(label.padded(toLength: width) + value)
        }
        for record in report.records {
            lines.append("")
            lines.append(Terminal.paint("DNS \(record.type) record" + (report.domains.count > 1 ? " for \(record.domain)" : ""), .bold))
            let zoneNote = record.zoneAssumed
                ? "relative to zone \(record.zone), assumed from the last two labels: pass --zone if your DNS zone is different"
                : "relative to zone \(record.zone)"
            lines.append("  Name (FQDN)  \(record.name)")
            lines.append("  Host         \(record.host)   (\(zoneNote))")
            lines.append("  Type         \(record.type)")
            lines.append("  Value        \(record.value)")
            lines.append("  Zone file    \(record.zoneFileLine)")
        }
        for file in report.files {
            lines.append("")
            lines.append(Terminal.paint("File" + (report.domains.count > 1 ? " for \(file.domain)" : ""), .bold))
            lines.append("  URL          \(file.url)")
            lines.append("  Path         \(file.path)")
            let body = file.body.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("  Content      \(body.first ?? "")")
            for line in body.dropFirst() { lines.append("               \(line)") }
            if let written = file.writtenTo { lines.append("  Written to   \(written)") }
        }
        if !report.notes.isEmpty { lines.append("") }
        for note in report.notes { lines.append(Terminal.paint("note: ", .dim) + note) }
        lines.append("")
        if let saved = report.saved {
            lines.append("Saved \(saved.entries) value(s) to \(saved.store)" + (saved.replaced > 0 ? " (replaced \(saved.replaced))" : ""))
        } else {
            lines.append(Terminal.paint("Not saved: add --save to keep these for `dvtool serve` (store: \(options.storePath)).", .dim))
        }
        for warning in report.warnings { lines.append(Terminal.paint("warning: ", .yellow) + warning) }
        return lines.joined(separator: "\n")
    }
}
