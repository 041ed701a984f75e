import DVBasics
import DVChecks
import DVDomain
import DVHook
import Testing

/// A hook's settings: flags first, then DVTOOL_* variables, then the defaults.
@Suite struct HookSettingsTests {
    func settings(_ environment: [String: String], flags: DNSSettings = DNSSettings(), timeoutGiven: Bool = false,
                  ca: String? = nil, waitTimeout: TypedDuration? = nil) throws(HookError) -> HookSettings {
        try HookSettings(flags: flags, timeoutGiven: timeoutGiven, ca: ca, waitTimeout: waitTimeout, environment: environment)
    }

    @Test func variablesFillWhatTheFlagsLeaveOut() throws {
        let read = try settings(["DVTOOL_RESOLVER": "127.53.53.53, [::1]:5353", "DVTOOL_ROOT_HINTS": "/hints", "DVTOOL_TRUST_ANCHOR": "/anchor",
                                 "DVTOOL_TIMEOUT": "1.5", "DVTOOL_WAIT_TIMEOUT": "2m", "DVTOOL_CA": "letsencrypt"])
        #expect(read.dns.resolvers == [ServerAddress(parsing: "127.53.53.53")!, ServerAddress(parsing: "[::1]:5353")!])
        #expect(read.dns.rootHintsPath == "/hints" && read.dns.trustAnchorPath == "/anchor")
        #expect(read.dns.timeout == .milliseconds(1500))
        #expect(read.waitTimeout.seconds == 120)
        // The same duration syntax as --timeout.
        #expect(try settings(["DVTOOL_TIMEOUT": "2s"]).dns.timeout == .seconds(2))
        #expect(read.ca?.issuerDomains == ["letsencrypt.org"])
    }

    /// A lab CA (Pebble) reaches reserved addresses, a public one never does: only a root hints file or
    /// DVTOOL_CONNECT_RESERVED=1 make the gate fetch from them.
    @Test func reservedAddressesAreReachedOnlyInAPrivateWorld() throws {
        #expect(try settings([:]).dns.reservedAddresses == .dropAsPublicCAsDo)
        #expect(try settings(["DVTOOL_RESOLVER": "127.53.53.53"]).dns.reservedAddresses == .dropAsPublicCAsDo)
        #expect(try settings(["DVTOOL_CONNECT_RESERVED": "1"]).dns.reservedAddresses == .connect)
        #expect(try settings(["DVTOOL_ROOT_HINTS": "/hints"]).dns.reservedAddresses == .connect)
    }

    @Test func flagsWinAndEmptyVariablesCountAsNone() throws {
        var flags = DNSSettings()
        flags.resolvers = [ServerAddress(parsing: "127.0.0.1")!]
        flags.rootHintsPath = "/flag-hints"
        flags.timeout = .seconds(7)
        let read = try settings(["DVTOOL_RESOLVER": "127.53.53.53", "DVTOOL_ROOT_HINTS": "/hints", "DVTOOL_TIMEOUT": "1",
                                 "DVTOOL_WAIT_TIMEOUT": "", "DVTOOL_CA": "letsencrypt"],
                                flags: flags, timeoutGiven: true, ca: "digicert", waitTimeout: TypedDuration(seconds: 30))
        #expect(read.dns.resolvers == flags.resolvers && read.dns.rootHintsPath == "/flag-hints")
        #expect(read.dns.timeout == .seconds(7))
        #expect(read.waitTimeout.seconds == 30)
        #expect(read.ca?.name == "DigiCert")
        #expect(try settings(["DVTOOL_WAIT_TIMEOUT": "", "DVTOOL_CA": ""]).waitTimeout == HookSettings.defaultWaitTimeout)
        #expect(try settings([:]).ca == nil)
    }

    @Test(arguments: [("DVTOOL_RESOLVER", "127.0.0.1,resolver.example", "DVTOOL_RESOLVER: \"resolver.example\" is not an IP address"),
                      ("DVTOOL_TIMEOUT", "0", "DVTOOL_TIMEOUT must be more than 0 and at most 2m, got 0s"),
                      ("DVTOOL_TIMEOUT", "soon", "DVTOOL_TIMEOUT: \"soon\" is not a duration"),
                      ("DVTOOL_WAIT_TIMEOUT", "soon", "DVTOOL_WAIT_TIMEOUT: \"soon\" is not a duration"),
                      ("DVTOOL_CA", "nobody", "unknown CA \"nobody\"")])
    func badVariablesAreBadInputThatNamesThem(name: String, value: String, words: String) {
        #expect {
            _ = try settings([name: value])
        } throws: { error in
            (error as? HookError)?.kind == .badInput && "\(error)".hasPrefix(words)
        }
    }
}
