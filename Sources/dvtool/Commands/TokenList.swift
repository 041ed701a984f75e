import ArgumentParser
import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the token store; values older than 30 days are flagged.",
        discussion: "Exit codes: 0 listed (even if some values are stale), 2 the store is missing or unreadable.")

    @Option(help: ArgumentHelp("Token store file (default: $DVTOOL_TOKEN_STORE or ~/.local/share/dvtool/tokens.json).",
                               valueName: "file"))
    var store: String?

    @OptionGroup var output: OutputOptions

    private struct Row: Encodable {
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

    private struct Listing: Encodable {
        let store: String
        let tokens: [Row]
    }

    func run() async throws {
        let path = store ?? TokenStore.defaultPath()
        let loaded: TokenStore
        do { loaded = try TokenStore.load(path: path) } catch { throw CLIError.badInput(error.description) }
        let now = Date()
        let rows = loaded.tokens.map { Row(token: $0, ageDays: Int($0.age(at: now) / 86_400), stale: $0.isStale(at: now)) }
        if output.json {
            Terminal.line(JSONOutput.encode(Listing(store: path, tokens: rows), pretty: true))
            return
        }
        Terminal.line("Token store \(path): \(rows.count) value(s)")
        guard !rows.isEmpty else { return }
        var table = TextTable(header: ["DOMAIN", "METHOD", "CA", "WHERE", "VALUE", "AGE"])
        for row in rows {
            let value = row.token.value.count > 48 ? String(row.token.value.prefix(45)) + "..." : row.token.value
            table.rows.append([row.token.domain, row.token.method.rawValue, row.token.ca,
                               row.token.path ?? row.token.record ?? "-", value,
                               "\(row.ageDays)d" + (row.stale ? " STALE" : "")])
        }
        Terminal.line(table.render { column, cell in column == 5 && cell.hasSuffix("STALE") ? Terminal.paint(cell, .red) : cell })
        let stale = rows.filter(\.stale).count
        if stale > 0 {
            Terminal.line(Terminal.paint("warning: ", .yellow) + "\(stale) value(s) are older than 30 days and no CA accepts them; make new ones and `dvtool token remove DOMAIN` the old")
        }
    }
}

struct TokenRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete every stored value of a domain from the token store.",
        discussion: "Exit codes: 0 removed, 2 nothing stored for the domain or bad input, 3 the store could not be written.")

    @Argument(help: "The domain whose values go (as shown by `dvtool token list`; Unicode is converted).")
    var domain: String

    @Option(help: ArgumentHelp("Token store file (default: $DVTOOL_TOKEN_STORE or ~/.local/share/dvtool/tokens.json).",
                               valueName: "file"))
    var store: String?

    func run() async throws {
        let name = try TokenDomainName(domain)
        let path = store ?? TokenStore.defaultPath()
        var removed = 0
        do {
            _ = try TokenStore.load(path: path)
            try TokenStore.update(path: path) { (store: inout TokenStore) throws(TokenError) in
                removed = store.remove(domain: name.ascii)
                if removed == 0 { throw TokenError(.invalidDomain, "the store \(path) has no value for \(name.ascii)") }
            }
        } catch {
            switch error.code {
            case .writeFailed: throw CLIError.couldNotCheck(error.description)
            default: throw CLIError.badInput(error.description)
            }
        }
        Terminal.line("Removed \(removed) value(s) for \(name.ascii) from \(path)")
    }
}
