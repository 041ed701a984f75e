import ArgumentParser

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make the values a CA checks: random DNS/file values, ACME key authorizations, Sectigo CSR hashes.",
        discussion: """
            Each subcommand prints the DNS record to publish (FQDN with the trailing dot, the host part relative \
            to the zone as DNS consoles ask for it, and a zone-file line) and the file for file validation \
            (URL path and exact content). Nothing is sent anywhere.
            --save keeps the values in the token store that `dvtool serve` reads: $DVTOOL_TOKEN_STORE, else \
            $XDG_DATA_HOME/dvtool/tokens.json, else ~/.local/share/dvtool/tokens.json (or --store FILE). \
            A stored value is never replaced without --force; values older than 30 days are flagged, since CAs \
            no longer accept them.
            Exit codes: 0 done, 2 bad input (domain, key, CSR, token, value, CA name, existing file), \
            3 a file could not be written.
            """,
        subcommands: [TokenRandomCommand.self, TokenACMECommand.self, TokenPersistCommand.self, TokenSectigoCommand.self,
                      TokenListCommand.self, TokenRemoveCommand.self])
}
