import DVExplain
import Testing

/// The message table's own consistency: every pattern compiles, recognises its sample, wins first-match order for
/// it, and uses only the field names and problem codes the engine and the checks know.
@Suite("Message patterns")
struct PatternSampleTests {
    static let fields: Set<String> = [
        "domain", "identifier", "record", "type", "address", "url", "path", "status", "expected", "found", "value",
        "caaDomain", "ede", "body", "server", "count",
    ]

    static let codes: Set<String> = [
        "aaaa-mismatch", "caa-blocks", "caa-lookup-failed", "cname-loop", "discovery-failed", "discovery-fallback",
        "doubled-label", "lame-delegation", "lame-server", "nodata", "ns-mismatch", "nxdomain", "quoted-value",
        "rate-limited", "resolver-differs", "resolver-servfail", "resolver-stale", "resolver-unreachable",
        "reserved-address", "serials-differ", "servers-disagree", "stale-value", "txt-missing", "unexpected-address",
        "unreachable-server", "whitespace-value", "wildcard-capture", "dnssec-bogus", "dnssec-expiring",
        "dnssec-indeterminate", "dnssec-unusable",
        "persist-account-mismatch", "persist-expired", "persist-malformed", "persist-wildcard-policy", "persist-wrong-issuer",
        // Verdict words of the HTTP check.
        "connection-failed", "bad-status", "wrong-content", "redirect", "timeout",
    ]

    static let commands: Set<String> = ["txt", "resolve", "caa", "dnssec", "http-check", "doctor", "path"]

    static func regex(_ pattern: MessagePattern) throws -> Regex<AnyRegexOutput> {
        try Regex(pattern.regex).ignoresCase()
    }

    /// The `{field}` placeholders in one argument.
    static func placeholders(in argument: String) -> [String] {
        var names: [String] = []
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }

    static func capture(_ name: String, of pattern: MessagePattern, in text: String) throws -> String? {
        guard let match = try regex(pattern).firstMatch(in: text) else { return nil }
        return match.output[name]?.substring.map(String.init)
    }

    static func pattern(_ id: String) throws -> MessagePattern {
        try #require(MessagePattern.all.first { $0.id == id }, "no pattern \(id)")
    }

    @Test("at least 45 patterns, with unique ids")
    func countAndIDs() {
        let ids = MessagePattern.all.map(\.id)
        #expect(ids.count >= 45)
        var seen: Set<String> = []
        for id in ids {
            #expect(!seen.contains(id), "duplicate id \(id)")
            seen.insert(id)
        }
    }

    @Test("every regex compiles and matches its own sample", arguments: MessagePattern.all.map(\.id))
    func sampleMatches(id: String) throws {
        let pattern = try Self.pattern(id)
        let regex = try Self.regex(pattern)
        #expect(try regex.firstMatch(in: pattern.sample) != nil, "\(id) does not match its sample")
    }

    @Test("the first pattern matching a sample is the sample's own", arguments: MessagePattern.all.map(\.id))
    func firstMatchOrder(id: String) throws {
        let pattern = try Self.pattern(id)
        var winner: String?
        for candidate in MessagePattern.all where try Self.regex(candidate).firstMatch(in: pattern.sample) != nil {
            winner = candidate.id
            break
        }
        #expect(winner == id, "the sample of \(id) is taken by \(winner ?? "nothing")")
        // The same through the reader itself: anchors, windows and the ranking by role.
        #expect(Explainer.explain(pattern.sample).pattern == id, "explain reads the sample of \(id) as something else")
    }

    @Test("every sample holds one of its pattern's anchors", arguments: MessagePattern.all.map(\.id))
    func anchors(id: String) throws {
        let pattern = try Self.pattern(id)
        #expect(!pattern.anchors.isEmpty, "\(id) has no anchor: it would be tried on every line")
        #expect(pattern.anchors.contains { pattern.sample.lowercased().contains($0.lowercased()) }, "\(id): no anchor in its sample")
    }

    @Test("check templates use known commands and fields", arguments: MessagePattern.all.map(\.id))
    func checkTemplate(id: String) throws {
        let pattern = try Self.pattern(id)
        let command = try #require(pattern.check.first)
        #expect(Self.commands.contains(command), "\(id): unknown command \(command)")
        for argument in pattern.check {
            for placeholder in Self.placeholders(in: argument) {
                let name = placeholder.hasSuffix("?") ? String(placeholder.dropLast()) : placeholder
                #expect(Self.fields.contains(name), "\(id): unknown placeholder {\(name)}")
            }
        }
        // http-check cannot run without a path: every template gives one (the token's, or the probe path).
        if command == "http-check" { #expect(pattern.check.contains("--path"), "\(id): http-check without --path") }
        // A field the regex captures by name must be one the engine knows.
        for name in Self.fields where pattern.regex.contains("(?<\(name)>") {
            #expect(Self.fields.contains(name))
        }
    }

    @Test("causes confirm only with known problem codes", arguments: MessagePattern.all.map(\.id))
    func causes(id: String) throws {
        let pattern = try Self.pattern(id)
        #expect(!pattern.causes.isEmpty, "\(id) has no causes")
        #expect(pattern.causes.count <= 4, "\(id) has more than 4 causes")
        for cause in pattern.causes {
            for code in cause.confirmedBy {
                #expect(Self.codes.contains(code), "\(id): unknown code \(code)")
            }
        }
        #expect(!pattern.source.isEmpty && !pattern.meaning.isEmpty && !pattern.issuer.isEmpty)
    }

    @Test("the NXDOMAIN sample names the challenge name and type")
    func nxdomainFields() throws {
        let pattern = try Self.pattern("le-dns-nxdomain")
        #expect(try Self.capture("domain", of: pattern, in: pattern.sample) == "_acme-challenge.example.com")
        #expect(try Self.capture("type", of: pattern, in: pattern.sample) == "TXT")
    }

    @Test("an Incorrect TXT record message names the found value, count and name")
    func incorrectTXTFields() throws {
        let pattern = try Self.pattern("le-dns01-incorrect-txt")
        #expect(try Self.capture("found", of: pattern, in: pattern.sample) == "9Vhq2Rb8rRxz_3pzKgfBXbs0-pE2MH2cVdbUNhrEBLA")
        #expect(try Self.capture("count", of: pattern, in: pattern.sample) == "1")
        #expect(try Self.capture("domain", of: pattern, in: pattern.sample) == "_acme-challenge.example.com")
    }

    @Test("a DNSSEC EDE message names the EDE and wins over the generic EDE pattern")
    func dnssecFields() throws {
        let pattern = try Self.pattern("le-dns-dnssec-signature-expired")
        #expect(try Self.capture("ede", of: pattern, in: pattern.sample) == "DNSSEC: Signature Expired")
        #expect(try Self.capture("domain", of: pattern, in: pattern.sample) == "_acme-challenge.example.com")
        #expect(try Self.capture("type", of: pattern, in: pattern.sample) == "TXT")
    }

    @Test("CAA and HTTP messages name what they should")
    func caaAndHTTPFields() throws {
        let caa = try Self.pattern("le-caa-prevents-issuance")
        #expect(try Self.capture("caaDomain", of: caa, in: caa.sample) == "example.com")
        let notFound = try Self.pattern("le-http-404")
        #expect(try Self.capture("status", of: notFound, in: notFound.sample) == "404")
        #expect(try Self.capture("url", of: notFound, in: notFound.sample)?.hasPrefix("http://example.com/.well-known/acme-challenge/") == true)
        let withAddress = "Invalid response from http://example.com/.well-known/acme-challenge/abc [2001:db8::1]: 404"
        #expect(try Self.capture("address", of: notFound, in: withAddress) == "2001:db8::1")
        let slash = try Self.pattern("le-http-redirect-missing-slash")
        #expect(try Self.capture("domain", of: slash, in: slash.sample) == "example.com")
    }

    @Test("lego's propagation message names server, record name and value")
    func legoFields() throws {
        let pattern = try Self.pattern("lego-ns-missing-txt")
        #expect(try Self.capture("server", of: pattern, in: pattern.sample) == "ns1.digitalocean.com.")
        #expect(try Self.capture("domain", of: pattern, in: pattern.sample) == "_acme-challenge.example.com.")
        #expect(try Self.capture("expected", of: pattern, in: pattern.sample) == "RS3c9MaNPv0Jl798fgsJSF3WJrfkqK7Ne3DHo-YLqgA")
    }

    @Test("Alibaba Cloud messages are recognised in Chinese and in English")
    func alibabaBothLanguages() throws {
        let cases: [(String, String)] = [
            ("alibaba-dns-record-not-found", "未检测到DNS记录值"),
            ("alibaba-dns-record-not-found", "No DNS record found"),
            ("alibaba-dns-record-mismatch", "DNS记录值不匹配"),
            ("alibaba-dns-record-mismatch", "Mismatch found in the DNS record"),
            ("alibaba-verification-timeout", "验证超时"),
            ("alibaba-verification-timeout", "Verification timed out. Try again"),
            ("alibaba-file-content-invalid", "文件内容不正确"),
            ("alibaba-file-content-invalid", "File content is invalid"),
            ("alibaba-wildcard-file-unsupported", "通配符域名不支持文件验证"),
        ]
        for (id, text) in cases {
            var winner: String?
            for candidate in MessagePattern.all where try Self.regex(candidate).firstMatch(in: text) != nil {
                winner = candidate.id
                break
            }
            #expect(winner == id, "\(text) went to \(winner ?? "nothing")")
        }
    }

    @Test("the acme.sh wrapper captures the domain, and a known detail inside it wins")
    func acmeshWrapper() throws {
        let pattern = try Self.pattern("acmesh-verify-error")
        #expect(try Self.capture("domain", of: pattern, in: pattern.sample) == "example.com")
        let wrapped = "example.com:Verify error:CAA record for example.com prevents issuance"
        var winner: String?
        for candidate in MessagePattern.all where try Self.regex(candidate).firstMatch(in: wrapped) != nil {
            winner = candidate.id
            break
        }
        #expect(winner == "le-caa-prevents-issuance")
    }
}
