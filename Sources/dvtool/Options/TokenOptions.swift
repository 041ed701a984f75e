import ArgumentParser
import DVBasics
import DVDomain
import DVPresentation
import DVToken

/// `--zone`: the DNS zone the record goes in, for the zone-relative host name.
struct TokenZoneOptions: ParsableArguments {
    @Option(help: "The DNS zone the record goes in (e.g. example.co.uk); default: the domain's last two labels.")
    var zone: String?

    /// `--zone` in A-labels; nil when not given.
    func asciiZone() throws(CLIError) -> String? {
        try zone.map { text throws(CLIError) in try TokenName(text, what: "--zone").ascii }
    }
}

/// `--store FILE`, for every command that reads or writes the token store.
struct TokenStoreOption: ParsableArguments {
    @Option(help: ArgumentHelp("Token store file (default: $DVTOOL_TOKEN_STORE or ~/.local/share/dvtool/tokens.json).", valueName: "file"))
    var store: String?

    var path: String { store ?? TokenStore.defaultPath() }
}

/// `--save`, `--store`, `--force`, `--webroot`: where generated values are kept.
struct TokenSaveOptions: ParsableArguments {
    @Flag(help: "Keep the values in the token store for `dvtool serve` and later checks.")
    var save = false

    @OptionGroup var store: TokenStoreOption

    @Option(help: ArgumentHelp("Also write the validation file under this web root (DIR/.well-known/…).", valueName: "dir"))
    var webroot: String?

    @Flag(help: "Replace a stored value or an existing file with different content.")
    var force = false

    var storePath: String { store.path }
}

/// `--zone`, the saving options and the output format: how every command that makes a value (`token random`,
/// `acme`, `sectigo`, `persist`) ends: the report published where the saving options say, then printed.
struct TokenPublishingOptions: ParsableArguments {
    @OptionGroup var zone: TokenZoneOptions
    @OptionGroup(title: "Saving") var saving: TokenSaveOptions
    @OptionGroup var output: OutputOptions

    /// Writes the webroot file, saves to the store, then prints; throws for exit code 2/3.
    func publishAndPrint(_ report: TokenReport) throws(UserFailure) {
        var report = report
        try report.publish(webroot: saving.webroot, storePath: saving.save ? saving.storePath : nil, force: saving.force)
        try output.print(report) { TokenRendering.document(report, storePath: saving.storePath) }
    }
}

/// A domain from the command line: `DomainInput` (U-labels converted), then checked as a host name.
extension TokenName {
    init(_ text: String, what: String = "domain") throws(CLIError) {
        let input = try DomainInput(text, option: what)
        do {
            try input.checkHostName()
        } catch {
            throw .badInput(error.description)
        }
        self.init(domain: input)
    }
}
