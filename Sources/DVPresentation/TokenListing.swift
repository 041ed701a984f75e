import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `token list`: every stored value with its age in days and whether CAs still accept it, as JSON or a table.
public struct TokenListing: Encodable {
    struct Row: Encodable {
        let token: StoredToken
        let ageDays: Int
        let stale: Bool

        func encode(to encoder: any Encoder) throws {
            try token.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(ageDays, forKey: .ageDays)
            try container.encode(stale, forKey: .stale)
        }

        enum Key: String, CodingKey { case ageDays, stale }
    }

    let store: String
    let tokens: [Row]

    public init(store path: String, tokens: [StoredToken], now: Date = Date()) {
        store = path
        self.tokens = tokens.map { Row(token: $0, ageDays: Int($0.age(at: now) / 86_400), stale: $0.isStale(at: now)) }
    }

    public var document: Document {
        var document = Document(title: Styled("Token store \(store): \(tokens.count) value(s)"))
        guard !tokens.isEmpty else { return document }
        var table = DocumentTable(header: ["DOMAIN", "METHOD", "CA", "WHERE", "VALUE", "AGE"])
        for row in tokens {
            let value = row.token.value.count > 48 ? String(row.token.value.prefix(45)) + "..." : row.token.value
            table.append([row.token.domain, row.token.method.rawValue, row.token.ca,
                          row.token.path ?? row.token.record ?? "-", value,
                          "\(row.ageDays)d" + (row.stale ? " STALE" : "")],
                         tone: { column, cell in column == 5 && cell.hasSuffix("STALE") ? .bad : nil }, mark: row.stale ? "stale" : nil)
        }
        document.append(.table(table))
        let stale = tokens.filter(\.stale).count
        if stale > 0 {
            document.append(.line("\("warning: ", .caution)\(stale) value(s) are older than 30 days and no CA accepts them; make new ones and `dvtool token remove DOMAIN` the old"))
        }
        return document
    }
}
