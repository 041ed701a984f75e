import DVBasics
import DVDomain
import FoundationEssentials

/// What a `token` subcommand generated, for text or JSON output.
public struct TokenReport: Encodable, Sendable {
    public struct Name: Encodable, Sendable {
        public let ascii: String
        public let unicode: String
    }

    public struct Record: Encodable, Sendable {
        public let domain: String
        /// FQDN with the trailing dot.
        public let name: String
        /// Relative to `zone`; `@` for the apex.
        public let host: String
        public let zone: String
        public let zoneAssumed: Bool
        public let type: String
        public let value: String
        public let ttl: Int
        public let zoneFileLine: String
    }

    public struct File: Encodable, Sendable {
        public let domain: String
        public let url: String
        public let path: String
        public let body: String
        /// Where --webroot wrote it.
        public var writtenTo: String?
    }

    public struct Saved: Encodable, Sendable {
        public let store: String
        public let entries: Int
        public let replaced: Int
    }

    public let kind: String
    public let ca: String
    /// The validation method when a report is for one alone (`dns-account-01`, `dns-persist-01`); nil otherwise.
    public var method: String?
    public var domains: [Name] = []
    /// Ordered facts (value, token, thumbprint, hashes…) as (JSON key, text label, value); JSON: one object.
    public var values: [(key: String, label: String, value: String)] = []
    public var records: [Record] = []
    public var files: [File] = []
    public var notes: [String] = []
    public var warnings: [String] = []
    public var saved: Saved?
    /// What --save stores; not printed.
    public var storedTokens: [StoredToken] = []

    public init(kind: String, ca: String) {
        self.kind = kind
        self.ca = ca
    }

    public mutating func add(_ record: PublishedRecord, domain: DomainInput, zone: Zone) {
        // *.example.com and example.com share one record (Sectigo CNAME, ACME TXT name): print it once.
        if let same = records.first(where: { $0.name == record.name && $0.type == record.type && $0.value == record.value }) {
            notes.append("the \(record.type) record for \(same.domain) also covers \(domain.ascii)")
            return
        }
        records.append(Record(domain: domain.ascii, name: record.name, host: record.host(inZone: zone.name) ?? record.name,
                              zone: zone.name, zoneAssumed: zone.assumed, type: record.type, value: record.value,
                              ttl: record.ttl, zoneFileLine: record.zoneFileLine))
    }

    public mutating func add(_ file: ValidationFile, domain: DomainInput) {
        files.append(File(domain: domain.ascii, url: file.url(domain: domain), path: file.path, body: file.body))
    }

    enum Key: String, CodingKey {
        case kind, ca, method, domains, values, records, files, notes, warnings, saved
    }

    private struct DynamicKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(ca, forKey: .ca)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encode(domains, forKey: .domains)
        var nested = container.nestedContainer(keyedBy: DynamicKey.self, forKey: .values)
        for (key, _, value) in values { try nested.encode(value, forKey: DynamicKey(stringValue: key)) }
        try container.encode(records, forKey: .records)
        try container.encode(files, forKey: .files)
        try container.encode(notes, forKey: .notes)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(saved, forKey: .saved)
    }

    /// Writes the validation files under `webroot` (atomically, never over a different file unless `force`), then
    /// saves `storedTokens` to the store at `storePath` and warns about stale values in it. Stops with bad input
    /// for an existing file or an unreadable store, with could not run when the system refuses the write.
    public mutating func publish(webroot: String?, storePath: String?, force: Bool) throws(UserFailure) {
        if let webroot {
            for index in files.indices {
                let target = webroot + files[index].path
                do {
                    try AtomicFile.write(Array(files[index].body.utf8), to: target, mode: 0o644, overwrite: force)
                } catch {
                    throw UserFailure(error.code == .exists ? .badInput : .couldNotRun, error.description)
                }
                files[index].writtenTo = target
            }
        }
        guard let storePath else { return }
        var replaced = 0
        var stale: [StoredToken] = []
        do {
            try TokenStore.update(path: storePath) { (store: inout TokenStore) throws(TokenError) in
                for token in storedTokens where try store.insert(token, replace: force) != nil {
                    replaced += 1
                }
                stale = store.tokens.filter { $0.isStale() }
            }
        } catch {
            throw UserFailure(error.code == .exists || error.code == .storeUnreadable ? .badInput : .couldNotRun, error.description)
        }
        saved = Saved(store: storePath, entries: storedTokens.count, replaced: replaced)
        if !stale.isEmpty {
            let names = Set(stale.map(\.domain)).sorted().joined(separator: ", ")
            warnings.append("the store holds \(stale.count) value(s) older than \(Int(StoredToken.maximumAge / 86_400)) days (\(names)); CAs reject them: `dvtool token list`, `dvtool token remove DOMAIN`")
        }
    }
}

