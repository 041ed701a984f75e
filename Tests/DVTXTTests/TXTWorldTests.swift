import Testing
import DVTXT
import DVReport
import DVTestSupport

/// `txt` against the DNS world: the cases of zones/README.md.
@Suite("txt against the DNS world")
struct TXTWorldTests {
    static let acme = "qPVGPrVWwE11S8GZJLrFG4pWKeVP5MtBSIu-2A0N6oQ"

    @Test func valueOnEveryServerThenTheResolvers() async throws {
        let report = try await TXTWorld.txt().check(dns("_acme-challenge.example.test"), expected: [Self.acme])
        #expect(report.status == .ok, "\(report.problems)")
        #expect(report.authoritative.count == 2)
        #expect(report.authoritative.allSatisfy { $0.verdict == .ok && $0.serial != nil })
        #expect(report.recursive.count == 1 && report.recursive[0].verdict == .ok)
        #expect(report.recursiveSkipped == nil)
    }

    @Test func laggingServerIsNamedAndResolversAreNotAskedYet() async throws {
        let value = "wNCi9I1FMHaayeDM7bjwf9Yc7cGgyAZEVS4_bPfqASc"
        let report = try await TXTWorld.txt().check(dns("_acme-challenge.lag.example.test"), expected: [value])
        #expect(report.status == .problem)
        #expect(report.errorCodes == ["txt-missing"])
        let lagging = try #require(report.authoritative.first { $0.address == "127.53.1.2" })
        #expect(lagging.verdict == .nxdomain && lagging.missing == [value] && lagging.negativeTTL == 600)
        #expect(report.problems.first { $0.code == .txtMissing }!.message.contains("ns2.example.test."))
        #expect(report.recursive.isEmpty)
        #expect(report.recursiveSkipped?.contains("600 s") == true)
    }

    @Test func oldValueOnOneServerIsMissingThere() async throws {
        let report = try await TXTWorld.txt(resolvers: []).check(dns("_acme-challenge.example.test"), expected: ["new-value"])
        #expect(report.errorCodes == ["txt-missing"])
        #expect(report.authoritative.allSatisfy { $0.extra == [Self.acme] })
        #expect(report.codes.contains("stale-value"))
    }

    @Test func apexAndWildcardNeedBothValuesAtOnce() async throws {
        let values = ["KQkDSwMXU6yIQ0D8hDBpgbiaENhJS1LdjPYSy3uoyAU", "8OK4BqYtZp_bQ_WPCXgk9BLqHHtO6l2QmM9gW9Z_E14"]
        let both = try await TXTWorld.txt().check(dns("_acme-challenge.two.example.test"), expected: values)
        #expect(both.status == .ok, "\(both.problems)")
        let oneMissing = try await TXTWorld.txt(resolvers: []).check(dns("_acme-challenge.two.example.test"), expected: values + ["third"])
        #expect(oneMissing.errorCodes == ["txt-missing"])
    }

    @Test func cnameIntoAnotherZoneIsFollowedToItsServers() async throws {
        let report = try await TXTWorld.txt().check(dns("_acme-challenge.cname.example.test"), expected: ["cname-target-value"])
        #expect(report.status == .ok, "\(report.problems)")
        #expect(report.cnameChain == ["target.acme.other.test."])
        #expect(report.effectiveName == "target.acme.other.test.")
        #expect(report.zone == "other.test.")
        #expect(report.authoritative.contains { $0.name == "target.acme.other.test." && $0.verdict == .ok })
    }

    @Test func delegatedChallengeSubZoneIsAskedOfItsOwnServers() async throws {
        let report = try await TXTWorld.txt().check(dns("_acme-challenge.deleg.example.test"),
                                                    expected: ["FiJO087wqSxUN1Fn7QnWePrfKfMKPq5NOHPlRPAIXSg"])
        #expect(report.zone == "_acme-challenge.deleg.example.test.")
        #expect(report.authoritative.map(\.address) == ["127.53.1.1"])
        #expect(report.status == .ok, "\(report.problems)")
    }

    @Test func wildcardCNAMECapturingTheChallengeNameIsAnError() async throws {
        let report = try await TXTWorld.txt(resolvers: []).check(dns("_acme-challenge.wild.example.test"), expected: ["value"])
        #expect(report.errorCodes.contains("wildcard-capture"), "\(report.problems)")
        #expect(report.problems.first { $0.code == .wildcardCapture }!.message.contains("*.wild.example.test."))
    }

    /// `nope` does not exist in wildcard.dnssec.test, so `*.wildcard…` answers below it: the signature names it.
    @Test func theSignedWildcardThatAnswersIsNamedExactly() async throws {
        let report = try await TXTWorld.txt(resolvers: []).check(dns("_acme-challenge.nope.wildcard.dnssec.test"), expected: ["value"])
        let capture = try #require(report.problems.first { $0.code == .wildcardCapture }, "\(report.problems)")
        #expect(capture.message.contains("the wildcard *.wildcard.dnssec.test. answers"), "\(capture.message)")
    }

    @Test func wildcardTXTThatMatchesIsOnlyAWarning() async throws {
        let report = try await TXTWorld.txt(resolvers: []).check(dns("_acme-challenge.wildtxt.example.test"), expected: ["wildcard-value"])
        #expect(report.status == .ok, "\(report.problems)")
        #expect(report.codes.contains("wildcard-capture"))
    }

    @Test func longValueSplitIntoStringsIsJoined() async throws {
        let value = String(repeating: "a", count: 255) + String(repeating: "b", count: 50) + String(repeating: "c", count: 10)
        let report = try await TXTWorld.txt(resolvers: []).check(dns("long.example.test"), expected: [value])
        #expect(report.status == .ok, "\(report.problems)")
    }

    @Test func literalQuotesAreWarnedAbout() async throws {
        let report = try await TXTWorld.txt(resolvers: []).check(dns("quoted.example.test"), expected: [])
        #expect(report.authoritative.allSatisfy { $0.values == ["he said \"hi\" to \"dvtool\""] })
        #expect(report.codes.contains("quoted-value"))
    }

    @Test func missingNameGivesTheNegativeCachingTime() async throws {
        let report = try await TXTWorld.txt().check(dns("_acme-challenge.nothere.example.test"), expected: ["x"])
        #expect(report.errorCodes == ["nxdomain"])
        #expect(report.problems.first { $0.code == .nxdomain }!.message.contains("600 s"))
        #expect(report.recursive.isEmpty, "resolvers are not asked before the record exists")
    }
}

@Suite("txt: the record name typed wrong")
struct TXTDoubledLabelTests {
    @Test func doubledLabelIsFoundAndExplained() async throws {
        let report = try await TXTWorld.txt(resolvers: []).check(dns("_acme-challenge.dbl.example.test"), expected: ["doubled-value"])
        #expect(report.status == .problem)
        #expect(report.errorCodes.contains("doubled-label"), "\(report.problems)")
        let message = try #require(report.problems.first { $0.code == .doubledLabel }?.message)
        #expect(message.contains("_acme-challenge.dbl.example.test.example.test."))
        #expect(message.contains("\"_acme-challenge.dbl\""))
    }
}
