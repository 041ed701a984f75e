import ArgumentParser
import DVPresentation
import DVToken

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the token store; values older than 30 days are flagged.",
        discussion: "Exit codes: 0 listed (even if some values are stale), 2 the store is missing or unreadable.")

    @OptionGroup var store: TokenStoreOption

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let listing = TokenListing(store: store.path, tokens: try TokenStore.load(path: store.path).tokens)
        try output.print(listing) { listing.document }
    }
}

struct TokenRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete every stored value of a domain from the token store.",
        discussion: "Exit codes: 0 removed, 2 nothing stored for the domain or bad input, 3 the store could not be written.")

    @Argument(help: "The domain whose values go (as shown by `dvtool token list`; Unicode is converted).")
    var domain: String

    @OptionGroup var store: TokenStoreOption

    func run() async throws {
        let name = try TokenName(domain)
        let path = store.path
        var removed = 0
        _ = try TokenStore.load(path: path)
        try TokenStore.update(path: path) { (store: inout TokenStore) throws(TokenError) in
            removed = store.remove(domain: name.ascii)
            if removed == 0 { throw TokenError(.invalidDomain, "the store \(path) has no value for \(name.ascii)") }
        }
        Terminal.line("Removed \(removed) value(s) for \(name.ascii) from \(path)")
    }
}
