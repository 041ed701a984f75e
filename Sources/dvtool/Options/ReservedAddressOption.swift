import ArgumentParser
import DVChecks

/// `--connect-reserved`, for the commands that connect where a CA would (http-01 fetches, the doctor's checklist,
/// the hook's gate, perspectives): a lab's CA reaches private addresses, a public one never does.
struct ReservedAddressOption: ParsableArguments {
    @Flag(name: .customLong("connect-reserved"), help: "Connect to reserved addresses (10.x, 192.168.x, 127.x, fc00::/7, …) as a CA in a private lab does (Pebble); public CAs never do. Implied by --root-hints.")
    var connectReserved = false

    /// `settings` with this flag's say.
    func applied(to settings: DNSSettings) -> DNSSettings {
        var settings = settings
        if connectReserved { settings.connectToReservedAddresses = true }
        return settings
    }
}
