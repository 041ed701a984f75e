import DVBasics
import DVChecks
import DVDNS
import DVTestSupport
import Testing

/// What a front end builds first, from what the user gave; refusals say whose fault they are.
@Suite struct CheckContextTests {
    func refusal(_ settings: DNSSettings, dnssec: DNSSECUse = .ifAsked) async -> UserFailure? {
        do {
            let context = try await CheckContext(settings, dnssec: dnssec)
            await context.shutdown()
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFilesAreBadInputAndNameTheFix() async {
        var settings = DNSSettings()
        settings.rootHintsPath = "/nonexistent/root.hints"
        settings.trustAnchorPath = "/nonexistent/root.key"
        let anchor = await refusal(settings)
        #expect(anchor?.kind == .badInput && anchor?.message.contains("give --trust-anchor FILE (or leave DNSSEC out with --no-dnssec)") == true)
        let required = await refusal(settings, dnssec: .required)
        #expect(required?.message.hasSuffix("give --trust-anchor FILE") == true, "dnssec itself cannot leave DNSSEC out")
        let hints = await refusal(settings, dnssec: .off)
        #expect(hints?.kind == .badInput && hints?.message.contains("/nonexistent/root.hints") == true)
    }

    /// The repository's DNS world files (zones/), found from this file's place.
    static func worldFile(_ name: String) -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(3)
        return (parts + ["zones", name]).joined(separator: "/")
    }

    @Test func dnssecIsValidatedOnlyFromAnAnchorThatFitsTheRoot() async throws {
        var settings = DNSSettings()
        settings.rootHintsPath = Self.worldFile("root.hints")
        settings.resolvers = [TestWorld.resolver]
        try await TestWorld.prepare()
        func validates(_ settings: DNSSettings, _ use: DNSSECUse = .ifAsked) async throws -> Bool {
            let context = try await CheckContext(settings, dnssec: use)
            await context.shutdown()
            #expect(context.resolvers == settings.resolvers)
            return context.dnssec != nil
        }
        // A private root without its anchor: left out, not failed against the IANA root's key.
        #expect(try await validates(settings) == false)
        settings.trustAnchorPath = Self.worldFile("trust-anchor.ds")
        #expect(try await validates(settings) == true)
        #expect(try await validates(settings, .off) == false)
        settings.validateDNSSEC = false
        #expect(try await validates(settings) == false)
        #expect(try await validates(settings, .required) == true, "dnssec validates whatever --no-dnssec says")
    }
}

@Suite struct ProbeTargetTests {
    @Test func anAddressSendsNoNameUnlessTold() throws {
        let plain = try ProbeTarget("127.53.80.1:8443", servername: nil)
        #expect(plain.ip == "127.53.80.1" && plain.port == 8443 && plain.serverName == nil)
        let named = try ProbeTarget("[::1]", servername: "例子.测试")
        #expect(named.ip == "::1" && named.port == 443 && named.serverName == "xn--fsqu00a.xn--0zwm56d")
        #expect(named.typedNames == ["xn--fsqu00a.xn--0zwm56d": "例子.测试"])
    }

    @Test func badInputNamesItsPlace() {
        #expect { _ = try ProbeTarget("a..b", servername: nil) } throws: { error in
            (error as? UserFailure)?.kind == .badInput && "\(error)".hasPrefix("HOST: ")
        }
        #expect { _ = try ProbeTarget("127.0.0.1", servername: "bad..name") } throws: { error in
            (error as? UserFailure)?.kind == .badInput && "\(error)".hasPrefix("--servername: ")
        }
    }
}
