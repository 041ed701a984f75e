import ArgumentParser
import DVDomain

/// `--expect IP`, for `resolve` and `doctor`.
struct ExpectedAddressOptions: ParsableArguments {
    @Option(name: .customLong("expect"), help: ArgumentHelp("An address the name must resolve to (IPv4 or IPv6); repeatable.", valueName: "ip"))
    var texts: [String] = []

    func validate() throws {
        for text in texts where IPAddress(text) == nil {
            throw ValidationError("--expect \"\(text)\" is not an IPv4 or IPv6 address (e.g. 192.0.2.1 or 2001:db8::1)")
        }
    }

    var addresses: [IPAddress] { texts.compactMap { IPAddress($0) } }
}
