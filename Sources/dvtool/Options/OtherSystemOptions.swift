import ArgumentParser
import DVFlush

/// flush-dns's `--os NAME --os-version VERSION`: the guidance for another system than this one.
struct OtherSystemOptions: ParsableArguments {
    @Option(name: .customLong("os"), help: ArgumentHelp("Print the guidance for another system: linux, macos or windows.", valueName: "name"))
    var system: TargetOS?

    @Option(name: .customLong("os-version"), help: ArgumentHelp("With --os macos: the macOS version (e.g. 10.9, 14.5); commands changed over the years.", valueName: "version"))
    var version: String?
}
